/**
 * Minimal ambient types for the parts of NLP.js (v4) that Campanile uses.
 * The packages ship no declarations; only the surface called from modules/qa/nlp is typed here.
 */
declare module '@nlpjs/nlp' {
  export interface NlpClassification {
    intent: string;
    score: number;
  }
  export interface NlpProcessResult {
    locale: string;
    utterance: string;
    intent: string;
    score: number;
    classifications: NlpClassification[];
  }
  export interface NlpSettings {
    languages?: string[];
    autoSave?: boolean;
    autoLoad?: boolean;
    threshold?: number;
    calculateSentiment?: boolean;
    nlu?: { log?: boolean; [key: string]: unknown };
    [key: string]: unknown;
  }
  export class Nlp {
    constructor(settings?: NlpSettings);
    settings: NlpSettings;
    nluManager: { settings: { log?: boolean; [key: string]: unknown } };
    use(plugin: unknown): void;
    addLanguage(locales: string | string[]): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<NlpProcessResult>;
    export(minified?: boolean): string;
    import(data: string | object): void;
  }
}

declare module '@nlpjs/lang-it' {
  export const LangIt: unknown;
}
