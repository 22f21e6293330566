/**
 * The Q&A classifier: trains NLP.js plus a lexical index from a library, classifies a question into
 * one entry or "non lo so", and round-trips through a storable JSON model.
 */
import type { Nlp } from '@nlpjs/nlp';
import { bandsFrom, CALIBRATION_EPOCHS, calibrationFolds, decide, defaultCalibration, spread } from './calibration.js';
import type { CalibrationSample, QaCalibration } from './calibration.js';
import { QaModelError } from './errors.js';
import { askingPart } from './message.js';
import { CentroidIndex, LexicalIndex } from './lexical-index.js';
import { importNlp, nlpScores, trainNlp } from './nlpjs-engine.js';
import { normalizeForMatch } from './normalize.js';
import { ProperNames } from './proper-names.js';
import { CENTROID_WEIGHT, combineScores, MARGIN_WEIGHT, NLP_WEIGHT, SOFTMAX_WEIGHT } from './scoring.js';
import { SoftmaxModel } from './softmax-model.js';
import type { SoftmaxModelOptions } from './softmax-model.js';
import { canonicalize, MUNICIPAL_SYNONYMS } from './synonyms.js';
import { offTopicPhrasings, OUT_OF_SCOPE_ID } from './off-topic.js';
import { yieldOnce } from './slices.js';
import { Speller } from './spelling.js';
import type { QaCandidate, QaClassification, QaTrainingEntry, SerializedModel } from './types.js';

/**
 * Tuning knobs; the defaults are what the product ships. Override only to evaluate.
 *
 * @example
 * await trainClassifier(entries, { threshold: 0.6 });
 */
export interface QaClassifierOptions {
  /** Minimum confidence to answer (default: the model's calibration). */
  threshold?: number;
  /** Minimum confidence to offer a clarification (default: the calibration's; `threshold` alone turns the band off). */
  clarifyThreshold?: number;
  /** Cross-validate the library at training to set the bands (default true; false keeps the defaults). */
  calibrate?: boolean;
  /** Keep the whole message instead of its asking part (default false; see `askingPart`). */
  wholeMessage?: boolean;
  /** Weight of NLP.js in the combined score (default `NLP_WEIGHT`). */
  nlpWeight?: number;
  /** Weight of the entry-centroid similarity (default `CENTROID_WEIGHT`). */
  centroidWeight?: number;
  /** Weight of the softmax model's probability (default `SOFTMAX_WEIGHT`). */
  softmaxWeight?: number;
  /** Softmax model hyper-parameters (default: `SoftmaxModel`'s). */
  softmax?: SoftmaxModelOptions;
  /** How much the runner-up's score lowers the confidence (default `MARGIN_WEIGHT`). */
  marginWeight?: number;
  /** Synonym map applied to phrasings and questions (default `MUNICIPAL_SYNONYMS`; `{}` turns it off). */
  synonyms?: Readonly<Record<string, string>>;
  /** Leave unknown proper names out of questions (default true; see `ProperNames`). */
  dropNames?: boolean;
  /** Train the explicit out-of-scope class (`off-topic.ts`; default `OUT_OF_SCOPE_DEFAULT`). */
  outOfScope?: boolean;
}

/** Whether the out-of-scope class is trained by default (docs/qa-evaluation.md). */
export const OUT_OF_SCOPE_DEFAULT = false;

/** The form phrasings and questions are matched in: normalised, synonyms applied. */
function matchForm(text: string, synonyms: Readonly<Record<string, string>>): string {
  return canonicalize(normalizeForMatch(text), synonyms);
}

type PreparedEntries = { entryId: string; phrasings: string[] }[];

/**
 * Check a library and normalise its phrasings; throws a `QaModelError` that says what to fix.
 *
 * @example
 * prepareEntries([{ entryId: 'a', phrasings: ['Orari?'] }, { entryId: 'b', phrasings: ['TARI'] }]);
 * // => [{ entryId: 'a', phrasings: ['orari'] }, { entryId: 'b', phrasings: ['tari'] }]
 */
export function prepareEntries(
  entries: readonly QaTrainingEntry[],
  synonyms: Readonly<Record<string, string>> = MUNICIPAL_SYNONYMS,
): PreparedEntries {
  const seen = new Set<string>();
  const prepared: PreparedEntries = [];
  for (const entry of entries) {
    if (seen.has(entry.entryId)) {
      throw new QaModelError(
        'QA_DUPLICATE_ENTRY',
        `Q&A entry "${entry.entryId}" appears twice: merge its phrasings into one entry or rename one of them.`,
      );
    }
    seen.add(entry.entryId);
    const phrasings = [...new Set([...entry.phrasings, ...(entry.phrasingsEn ?? [])].map((p) => matchForm(p, synonyms)))].filter(
      (p) => p !== '',
    );
    if (phrasings.length === 0) {
      throw new QaModelError(
        'QA_EMPTY_ENTRY',
        `Q&A entry "${entry.entryId}" has no usable phrasing: add at least one question text (8 or more work best) or remove the entry.`,
      );
    }
    prepared.push({ entryId: entry.entryId, phrasings });
  }
  if (prepared.length < 2) {
    throw new QaModelError(
      'QA_TOO_FEW_ENTRIES',
      `The Q&A library has ${prepared.length} entr${prepared.length === 1 ? 'y' : 'ies'}; the classifier needs at least 2 to tell questions apart. ` +
        'Add entries (or start from nlp-models/starter/it.json) and train again.',
    );
  }
  return prepared;
}

/** The prepared library plus the out-of-scope class when it is on (its phrasings in match form). */
function withOutOfScope(prepared: PreparedEntries, options: QaClassifierOptions): PreparedEntries {
  if (!(options.outOfScope ?? OUT_OF_SCOPE_DEFAULT)) return prepared;
  const phrasings = [...new Set(offTopicPhrasings().map((p) => matchForm(p, options.synonyms ?? MUNICIPAL_SYNONYMS)))];
  return [...prepared.filter((e) => e.entryId !== OUT_OF_SCOPE_ID), { entryId: OUT_OF_SCOPE_ID, phrasings }];
}

/**
 * A trained classifier. Create it with `trainClassifier` or `loadClassifier`.
 *
 * @example
 * const classifier = await trainClassifier(entries);
 * const { entryId, confidence } = await classifier.classify("quando apre l'anagrafe?");
 */
export class QaClassifier {
  private readonly lexical: LexicalIndex;
  /** Null when its weight is 0 (not built). */
  private readonly centroids: CentroidIndex | null;
  private readonly softmax: SoftmaxModel | null;
  private readonly speller: Speller;
  /** Null when names are kept (`dropNames: false`). */
  private readonly names: ProperNames | null;
  private readonly bands: { answer: number; clarify: number };
  private readonly wholeMessage: boolean;
  private readonly nlpWeight: number;
  private readonly centroidWeight: number;
  private readonly softmaxWeight: number;
  private readonly marginWeight: number;
  private readonly synonyms: Readonly<Record<string, string>>;
  /** Each phrasing (normalized) that belongs to exactly one entry: the library's own words are answered. */
  private readonly exact = new Map<string, string>();

  /** @internal use `trainClassifier` or `loadClassifier` (they build `softmax`, in slices). */
  constructor(
    /** Null only inside the calibration's cross-validation folds (see `crossValidatedSamples`). */
    private readonly nlp: Nlp | null,
    private readonly entries: PreparedEntries,
    private readonly trainedAt: string,
    options: QaClassifierOptions = {},
    built: BuiltParts = {},
    /** How the bands were set (stored with the model). */
    readonly calibration: QaCalibration = defaultCalibration(),
  ) {
    const answer = options.threshold ?? calibration.answer;
    const clarify = options.clarifyThreshold ?? (options.threshold !== undefined ? answer : calibration.clarify);
    this.bands = { answer, clarify: Math.min(clarify, answer) };
    this.wholeMessage = options.wholeMessage ?? false;
    this.nlpWeight = options.nlpWeight ?? NLP_WEIGHT;
    this.centroidWeight = options.centroidWeight ?? CENTROID_WEIGHT;
    this.softmaxWeight = options.softmaxWeight ?? SOFTMAX_WEIGHT;
    // Rebuilt from the stored phrasings, so the serialized format stays version 1. The indexes and
    // the softmax model (0.13–0.37 s of CPU for ~1,000 phrasings) come built, in slices, from `assemble`.
    this.lexical = built.lexical ?? new LexicalIndex(entries);
    this.centroids = this.centroidWeight > 0 ? built.centroids ?? new CentroidIndex(entries) : null;
    this.softmax = this.softmaxWeight > 0 ? built.softmax ?? new SoftmaxModel(entries, options.softmax) : null;
    this.speller = new Speller(entries.flatMap((e) => e.phrasings));
    this.marginWeight = options.marginWeight ?? MARGIN_WEIGHT;
    this.synonyms = options.synonyms ?? MUNICIPAL_SYNONYMS;
    this.names = options.dropNames === false ? null : new ProperNames(entries.flatMap((e) => e.phrasings), this.synonyms, this.speller);
    const shared = new Set<string>();
    for (const entry of entries) {
      for (const phrasing of entry.phrasings) {
        const owner = this.exact.get(phrasing);
        if (owner !== undefined && owner !== entry.entryId) shared.add(phrasing);
        this.exact.set(phrasing, entry.entryId);
      }
    }
    for (const phrasing of shared) this.exact.delete(phrasing);
    for (const [phrasing, owner] of this.exact) if (owner === OUT_OF_SCOPE_ID) this.exact.delete(phrasing);
  }

  /** Ids of the entries this model knows, in training order. */
  get entryIds(): string[] {
    return this.entries.map((e) => e.entryId).filter((id) => id !== OUT_OF_SCOPE_ID);
  }

  /**
   * Classify one question: the best entry if its confidence reaches the threshold, else null.
   *
   * @example
   * const r = await classifier.classify('che tempo fa domani?');
   * r.entryId; // => null (out of scope)
   */
  async classify(text: string): Promise<QaClassification> {
    // The sentence that asks, without greetings and politeness (a whole message dilutes the scores).
    const asked = this.wholeMessage ? text : askingPart(text);
    // Synonyms before the speller (so "camposanto" is known) and after (a corrected typo may be one).
    const plain = this.names ? this.names.strip(asked) : asked;
    const first = matchForm(plain, this.synonyms);
    const normalized = canonicalize(this.speller.correct(first), this.synonyms);
    const nlp = this.nlp ? await nlpScores(this.nlp, normalized) : new Map<string, number>();
    const lexical = this.lexical.scores(normalized);
    const centroid = this.centroids?.scores(normalized) ?? new Map<string, number>();
    const softmax = this.softmax?.scores(normalized) ?? new Map<string, number>();
    const candidates: QaCandidate[] = [];
    for (const entryId of new Set([...nlp.keys(), ...lexical.keys(), ...centroid.keys(), ...softmax.keys()])) {
      const score = combineScores(
        nlp.get(entryId) ?? 0,
        lexical.get(entryId) ?? 0,
        this.nlpWeight,
        centroid.get(entryId) ?? 0,
        this.centroidWeight,
        softmax.get(entryId) ?? 0,
        this.softmaxWeight,
      );
      if (score > 0) candidates.push({ entryId, score });
    }
    // Ties broken by id so that results never depend on Map order.
    candidates.sort((a, b) => b.score - a.score || (a.entryId < b.entryId ? -1 : 1));
    const inLibrary = candidates.filter((c) => c.entryId !== OUT_OF_SCOPE_ID);
    const top = inLibrary.slice(0, 3);
    // Margin: a question that fits two entries equally well is not understood. The runner-up's
    // score lowers the confidence (see docs/qa-evaluation.md for the dev sweep).
    const confidence = Math.max(0, (top[0]?.score ?? 0) - this.marginWeight * (top[1]?.score ?? 0));
    // A question the library holds word for word (an operator just added the citizen's own question as a
    // phrasing) is answered, whatever the bands say: the sparse entry it belongs to scores low otherwise.
    const known = this.exact.get(matchForm(asked, this.synonyms));
    if (known !== undefined) {
      const ranked = [...inLibrary.filter((c) => c.entryId === known), ...inLibrary.filter((c) => c.entryId !== known)].slice(0, 3);
      return { entryId: known, decision: 'answer', confidence: Math.max(confidence, this.bands.answer), candidates: ranked, asked };
    }
    // Best matched by the out-of-scope class: not the comune's business, whatever the bands say.
    if (candidates[0]?.entryId === OUT_OF_SCOPE_ID) return { entryId: null, decision: 'fallback', confidence, candidates: top, asked, outOfScope: true };
    const decision = top[0] ? decide(confidence, this.bands) : 'fallback';
    return { entryId: decision === 'answer' && top[0] ? top[0].entryId : null, decision, confidence, candidates: top, asked };
  }

  /** The answer and clarify bands this classifier decides with. */
  get thresholds(): { answer: number; clarify: number } {
    return { ...this.bands };
  }

  /**
   * Export the model as plain JSON (store it with `JSON.stringify`).
   *
   * @example
   * await writeFile('qa-model.json', JSON.stringify(classifier.serialize()));
   */
  serialize(): SerializedModel {
    if (!this.nlp) throw new QaModelError('QA_BAD_MODEL', 'A cross-validation fold classifier cannot be stored.');
    return modelOf(this.nlp, this.entries, this.trainedAt, this.calibration);
  }
}

/** The parts of a classifier that take long to build (see `assemble`). */
interface BuiltParts {
  lexical?: LexicalIndex;
  centroids?: CentroidIndex;
  softmax?: SoftmaxModel;
}

/**
 * A classifier from trained NLP.js and prepared entries. Its indexes and softmax model are built in
 * slices that yield to the event loop, and the rest of the constructor's work is a few ms: loading a
 * model never holds the event loop for long (`npm run bench:qa` measures the longest block).
 */
async function assemble(
  nlp: Nlp | null,
  entries: PreparedEntries,
  trainedAt: string,
  options: QaClassifierOptions,
  calibration?: QaCalibration,
): Promise<QaClassifier> {
  const softmaxWeight = options.softmaxWeight ?? SOFTMAX_WEIGHT;
  const centroidWeight = options.centroidWeight ?? CENTROID_WEIGHT;
  const built: BuiltParts = { lexical: await LexicalIndex.build(entries) };
  if (centroidWeight > 0) built.centroids = await CentroidIndex.build(entries);
  if (softmaxWeight > 0) built.softmax = await SoftmaxModel.build(entries, options.softmax);
  await yieldOnce();
  return new QaClassifier(nlp, entries, trainedAt, options, built, calibration);
}

/**
 * Cross-validate a prepared library against itself (see `calibration.ts`) and read its bands off the
 * scores. Each fold trains a full classifier (NLP.js, lexical, softmax) on part of the library, with
 * the caller's weights, so the scores are the ones the shipped model computes.
 *
 * @example
 * const calibration = await calibrateLibrary(prepareEntries(entries));
 */
export async function calibrateLibrary(entries: PreparedEntries, options: QaClassifierOptions = {}): Promise<QaCalibration> {
  const samples = await crossValidatedSamples(entries, options);
  return samples ? bandsFrom(samples.inScope, samples.oos, samples.folds) : defaultCalibration();
}

/**
 * The cross-validated scores `calibrateLibrary` reads its bands from (null when the library is too
 * small): exported for the tuning script of the rule's constants.
 *
 * @example
 * const samples = await crossValidatedSamples(prepareEntries(entries));
 */
export async function crossValidatedSamples(
  entries: PreparedEntries,
  options: QaClassifierOptions = {},
): Promise<{ inScope: CalibrationSample[]; oos: number[]; folds: number } | null> {
  // The bands come from the library alone: the out-of-scope class is left out of the folds (with it
  // in, the bands fell and wrong direct answers rose on dev; docs/qa-evaluation.md).
  const folds = calibrationFolds(entries.filter((e) => e.entryId !== OUT_OF_SCOPE_ID));
  if (!folds) return null;
  const inScope: CalibrationSample[] = [];
  const oos: number[] = [];
  // The folds leave NLP.js out (it is 2/3 of a fold's training time) and give its weight to the
  // softmax model, the other probabilistic signal: the bands are read off these scores by a rule whose
  // constants were tuned on exactly these scores (docs/qa-evaluation.md).
  const nlpWeight = options.nlpWeight ?? NLP_WEIGHT;
  // And 3 epochs instead of 5: the folds cost ~1× a training instead of ~2× (measured on dev: the
  // rule's constants were re-tuned on these scores).
  const scoring: QaClassifierOptions = {
    ...options, threshold: 1, clarifyThreshold: 1, calibrate: false, nlpWeight: 0, softmaxWeight: (options.softmaxWeight ?? SOFTMAX_WEIGHT) + nlpWeight,
    softmax: { ...options.softmax, epochs: CALIBRATION_EPOCHS },
  };
  for (const fold of folds) {
    if (fold.train.length < 2) continue;
    const classifier = await assemble(null, fold.train, '', scoring);
    for (const q of spread(fold.inScope)) {
      const r = await classifier.classify(q.text);
      inScope.push({ confidence: r.confidence, top1: r.candidates[0]?.entryId === q.entryId, top3: r.candidates.some((c) => c.entryId === q.entryId) });
    }
    for (const text of spread(fold.oos)) oos.push((await classifier.classify(text)).confidence);
  }
  return inScope.length === 0 ? null : { inScope, oos, folds: folds.length };
}

/**
 * Train a storable model from a library without building the scoring indexes (what the training
 * worker does: the process that loads the model builds them). Throws `QaModelError` for an empty,
 * one-entry or malformed library.
 *
 * @example
 * const model = await trainModel(entries);
 * const classifier = await loadClassifier(model);
 */
export async function trainModel(entries: readonly QaTrainingEntry[], options: QaClassifierOptions = {}): Promise<SerializedModel> {
  const prepared = withOutOfScope(prepareEntries(entries, options.synonyms), options);
  const nlp = await trainNlp(prepared);
  const calibration = options.calibrate === false ? defaultCalibration() : await calibrateLibrary(prepared, options);
  return modelOf(nlp, prepared, new Date().toISOString(), calibration);
}

function modelOf(nlp: Nlp, entries: PreparedEntries, trainedAt: string, calibration: QaCalibration): SerializedModel {
  return {
    format: 'campanile-qa-model',
    version: 1,
    trainedAt,
    nlpjs: nlp.export(true),
    entries: entries.map((e) => ({ entryId: e.entryId, phrasings: [...e.phrasings] })),
    calibration,
  };
}

/**
 * Train a classifier from a library (on the calling thread; see `trainInWorker` for off-thread).
 * Throws `QaModelError` for an empty, one-entry or malformed library.
 *
 * @example
 * const classifier = await trainClassifier([
 *   { entryId: 'orari-anagrafe', phrasings: ['orari anagrafe', "quando apre l'anagrafe"] },
 *   { entryId: 'tari-pagamento', phrasings: ['come pago la tari', 'pagamento tari'] }]);
 */
export async function trainClassifier(
  entries: readonly QaTrainingEntry[],
  options: QaClassifierOptions = {},
): Promise<QaClassifier> {
  const prepared = withOutOfScope(prepareEntries(entries, options.synonyms), options);
  const nlp = await trainNlp(prepared);
  const calibration = options.calibrate === false ? defaultCalibration() : await calibrateLibrary(prepared, options);
  return assemble(nlp, prepared, new Date().toISOString(), options, calibration);
}

/**
 * Load a classifier from `serialize()` output (object or JSON string) without retraining. The
 * softmax model is rebuilt from the stored phrasings in slices that yield to the event loop, so a
 * server keeps answering other requests while a new model version loads.
 *
 * @example
 * const classifier = await loadClassifier(await readFile('qa-model.json', 'utf8'));
 */
export async function loadClassifier(model: SerializedModel | string, options: QaClassifierOptions = {}): Promise<QaClassifier> {
  let parsed: unknown;
  try {
    parsed = typeof model === 'string' ? JSON.parse(model) : model;
  } catch (error) {
    throw new QaModelError('QA_BAD_MODEL', `The Q&A model is not valid JSON (${String(error)}): retrain the library to write a new one.`);
  }
  const m = parsed as Partial<SerializedModel> | null;
  if (!m || m.format !== 'campanile-qa-model' || m.version !== 1 || typeof m.nlpjs !== 'string' || !Array.isArray(m.entries)) {
    throw new QaModelError(
      'QA_BAD_MODEL',
      `The Q&A model is not a version-1 campanile-qa-model (format=${String(m?.format)}, version=${String(m?.version)}): retrain the library to write a new one.`,
    );
  }
  // Models stored before calibration existed decide with the default bands.
  const entries = m.entries;
  // NLP.js's import is one block (~10–20 ms for ~1,000 phrasings): a turn of the loop on each side.
  await yieldOnce();
  const nlp = importNlp(m.nlpjs);
  await yieldOnce();
  return assemble(nlp, entries, m.trainedAt ?? '', options, isCalibration(m.calibration) ? m.calibration : defaultCalibration());
}

function isCalibration(value: unknown): value is QaCalibration {
  const c = value as Partial<QaCalibration> | null | undefined;
  return typeof c?.answer === 'number' && typeof c.clarify === 'number' && (c.method === 'cross-validation' || c.method === 'default');
}
