/**
 * Thin wrapper around NLP.js: builds an Italian `Nlp` instance that never touches the filesystem,
 * trains it, exports/imports it, and returns per-entry scores.
 */
import { createRequire } from 'node:module';
import createDebug from 'debug';
import type { Nlp } from '@nlpjs/nlp';

const debug = createDebug('campanile:qa-nlp');

// `@nlpjs/basic` is the pinned dependency, but its index also loads @nlpjs/logger, whose pino 7
// prints a "prettyPrint is deprecated" warning at import. We take `Nlp` from basic's own dependency
// tree instead (resolved from basic's path, so it works with nested node_modules too).
// That `Nlp` bootstraps its container with @nlpjs/core's in-memory fs: unlike @nlpjs/basic's
// `containerBootstrap()`, it reads no conf.json/.env from the cwd, and with autoSave/autoLoad off
// it writes no model.nlp either (checked: a broken conf.json in the cwd is ignored).
const require = createRequire(import.meta.url);
const fromBasic = createRequire(require.resolve('@nlpjs/basic'));
const { Nlp: NlpClass } = fromBasic('@nlpjs/nlp') as typeof import('@nlpjs/nlp');
const { LangIt } = require('@nlpjs/lang-it') as typeof import('@nlpjs/lang-it');

/** Locale every phrasing is trained under (English phrasings too: see `trainNlp`). */
export const NLP_LOCALE = 'it';

/**
 * Create an empty Italian NLP.js instance with autosave, autoload, sentiment and logs off.
 *
 * @example
 * const nlp = createNlp();
 * nlp.addDocument('it', 'orari anagrafe', 'orari-anagrafe');
 * await nlp.train();
 */
export function createNlp(): Nlp {
  const nlp = new NlpClass({
    languages: [NLP_LOCALE],
    autoSave: false,
    autoLoad: false,
    calculateSentiment: false,
    // Our own threshold decides; NLP.js's would only replace the intent with "None" (score 1).
    threshold: 0,
    nlu: { log: false },
  });
  nlp.use(LangIt);
  nlp.settings.autoSave = false;
  nlp.nluManager.settings.log = false;
  return nlp;
}

/**
 * Train a fresh NLP.js model on already-normalised phrasings.
 *
 * @example
 * const nlp = await trainNlp([{ entryId: 'a', phrasings: ['orari anagrafe'] }]);
 * await nlpScores(nlp, 'orari anagrafe'); // => Map { 'a' => 1 }
 */
export async function trainNlp(entries: { entryId: string; phrasings: string[] }[]): Promise<Nlp> {
  const nlp = createNlp();
  for (const entry of entries) {
    for (const phrasing of entry.phrasings) nlp.addDocument(NLP_LOCALE, phrasing, entry.entryId);
  }
  const started = performance.now();
  await nlp.train();
  debug('nlp.js trained %d entries in %d ms', entries.length, Math.round(performance.now() - started));
  return nlp;
}

/**
 * Rebuild an NLP.js instance from `nlp.export()` output.
 *
 * @example
 * const copy = importNlp(nlp.export(true));
 */
export function importNlp(exported: string): Nlp {
  const nlp = createNlp();
  nlp.import(exported);
  nlp.settings.autoSave = false;
  nlp.settings.autoLoad = false;
  nlp.settings.threshold = 0;
  return nlp;
}

/**
 * Score every entry NLP.js knows for a normalised question: entryId → score in [0, 1].
 * Reads `classifications` (the real scores), not `intent`/`score`, which NLP.js replaces with
 * "None"/1 below its threshold. "None" itself is dropped.
 *
 * @example
 * const scores = await nlpScores(nlp, 'orari anagrafe');
 * scores.get('orari-anagrafe'); // => 0.97
 */
export async function nlpScores(nlp: Nlp, normalized: string): Promise<Map<string, number>> {
  const scores = new Map<string, number>();
  if (normalized === '') return scores;
  const result = await nlp.process(NLP_LOCALE, normalized);
  for (const c of result.classifications ?? []) {
    if (c.intent !== 'None' && c.score > 0) scores.set(c.intent, c.score);
  }
  return scores;
}
