/**
 * Lexical similarity index: TF-IDF cosine between a question and each training phrasing, over
 * word tokens and character 3-grams. It complements NLP.js in two ways:
 * - out-of-scope rejection: NLP.js's softmax spreads score 1 over the known intents even for a
 *   question about the weather; the cosine to the nearest phrasing stays low when nothing matches;
 * - typos: "anagarfe" shares most 3-grams with "anagrafe" though no whole word.
 */
import { createRequire } from 'node:module';
import { normalizeForMatch } from './normalize.js';
import { ITEMS_PER_STEP, runAtOnce, runInSlices } from './slices.js';

/** Passed by `build` so the constructor leaves the work to be done in slices. */
const DEFERRED: unique symbol = Symbol('deferred');

/** Articles, prepositions and conjunctions: they carry no topic (IDF alone leaves them ~0.3 weight). */
const STOPWORDS = new Set(
  ('il lo la i gli le l un uno una un di a da in con su per tra fra del dello della dei degli delle dell ' +
    'al allo alla ai agli alle all dal dallo dalla dai dagli dalle dall nel nello nella nei negli nelle nell ' +
    'sul sullo sulla sui sugli sulle sull e ed o che mi ti si ci vi ne me te se c')
    .split(' '),
);

/**
 * Whether a normalised word is an article, preposition or conjunction (no topic).
 *
 * @example
 * isStopword('della') // => true
 */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Weight of a whole-word feature relative to one character 3-gram. */
const WORD_WEIGHT = 2;

type SparseVector = Map<string, number>;

function features(normalized: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string, weight: number): void => {
    counts.set(key, (counts.get(key) ?? 0) + weight);
  };
  for (const token of normalized.split(' ')) {
    if (token === '' || STOPWORDS.has(token)) continue;
    add(`w:${token}`, WORD_WEIGHT);
    const padded = `#${token}#`;
    for (let i = 0; i + 3 <= padded.length; i += 1) add(`c:${padded.slice(i, i + 3)}`, 1);
  }
  return counts;
}

/**
 * Nearest-phrasing TF-IDF cosine similarity per entry.
 *
 * @example
 * const index = new LexicalIndex([{ entryId: 'a', phrasings: ['orari anagrafe'] }]);
 * index.scores('orari dell anagrafe'); // => Map { 'a' => 0.8… }
 */
export class LexicalIndex {
  private readonly idf = new Map<string, number>();
  private readonly postings = new Map<string, { doc: number; weight: number }[]>();
  private readonly docEntry: string[] = [];

  /** Built at once; a server that must keep answering while it loads uses `LexicalIndex.build`. */
  constructor(entries: { entryId: string; phrasings: string[] }[], mode?: typeof DEFERRED) {
    if (mode !== DEFERRED) runAtOnce(this.steps(entries));
  }

  /**
   * The same index, built in slices that yield to the event loop.
   *
   * @example
   * const index = await LexicalIndex.build(entries);
   */
  static async build(entries: { entryId: string; phrasings: string[] }[]): Promise<LexicalIndex> {
    const index = new LexicalIndex(entries, DEFERRED);
    await runInSlices(index.steps(entries));
    return index;
  }

  private *steps(entries: { entryId: string; phrasings: string[] }[]): Generator<void, void, void> {
    const docs: Map<string, number>[] = [];
    for (const entry of entries) {
      for (const phrasing of entry.phrasings) {
        docs.push(features(normalizeForMatch(phrasing)));
        this.docEntry.push(entry.entryId);
        if (docs.length % ITEMS_PER_STEP === 0) yield;
      }
    }
    const df = new Map<string, number>();
    for (const doc of docs) for (const key of doc.keys()) df.set(key, (df.get(key) ?? 0) + 1);
    for (const [key, n] of df) this.idf.set(key, Math.log(1 + docs.length / n));
    yield;
    for (const [id, doc] of docs.entries()) {
      for (const [key, weight] of this.weigh(doc)) {
        let list = this.postings.get(key);
        if (!list) this.postings.set(key, (list = []));
        list.push({ doc: id, weight });
      }
      if (id % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    }
  }

  private weigh(counts: Map<string, number>): SparseVector {
    const vector: SparseVector = new Map();
    let norm = 0;
    for (const [key, count] of counts) {
      const w = count * (this.idf.get(key) ?? 0); // training features: all have an idf
      vector.set(key, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [key, w] of vector) vector.set(key, w / norm);
    return vector;
  }

  /**
   * Best cosine per entry for one question (entries with no shared feature are absent).
   *
   * @example
   * index.scores('dove pago la tari').get('tari-pagamento'); // => 0.71
   */
  scores(text: string): Map<string, number> {
    const counts = features(normalizeForMatch(text));
    const result = new Map<string, number>();
    if (counts.size === 0) return result;
    // Unseen features count in the question's norm with the rarest idf: a question that is half
    // unknown words ("meteo domani a trento anagrafe") must not look like a perfect match.
    const maxIdf = Math.log(1 + this.docEntry.length);
    let norm = 0;
    const weights = new Map<string, number>();
    for (const [key, count] of counts) {
      const w = count * (this.idf.get(key) ?? maxIdf);
      norm += w * w;
      if (this.idf.has(key)) weights.set(key, w);
    }
    norm = Math.sqrt(norm);
    const dot = new Float64Array(this.docEntry.length);
    for (const [key, w] of weights) {
      for (const { doc, weight } of this.postings.get(key) ?? []) dot[doc] = (dot[doc] ?? 0) + (w / norm) * weight;
    }
    dot.forEach((value, doc) => {
      if (value <= 0) return;
      const entryId = this.docEntry[doc] as string;
      if (value > (result.get(entryId) ?? 0)) result.set(entryId, Math.min(1, value));
    });
    return result;
  }
}

type StemmerLike = { stemWord(word: string): string };
const requireCjs = createRequire(import.meta.url);
const { StemmerIt } = requireCjs('@nlpjs/lang-it') as { StemmerIt: new () => StemmerLike };
const stemmer = new StemmerIt();
const stemCache = new Map<string, string>();

/**
 * Italian stem of one normalised word (NLP.js lang-it Snowball stemmer), cached.
 *
 * @example
 * stemWord('pagamenti') // => "pagament"
 */
export function stemWord(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = stemmer.stemWord(word) || word;
    if (stemCache.size < 50_000) stemCache.set(word, stem);
  }
  return stem;
}

function stemFeatures(normalized: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string, weight: number): void => {
    counts.set(key, (counts.get(key) ?? 0) + weight);
  };
  for (const token of normalized.split(' ')) {
    if (token === '' || STOPWORDS.has(token)) continue;
    add(`w:${stemWord(token)}`, WORD_WEIGHT);
    const padded = `#${token}#`;
    for (let i = 0; i + 3 <= padded.length; i += 1) add(`c:${padded.slice(i, i + 3)}`, 1);
  }
  return counts;
}

function normalizeVector(vector: SparseVector): SparseVector {
  let norm = 0;
  for (const w of vector.values()) norm += w * w;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [key, w] of vector) vector.set(key, w / norm);
  return vector;
}

/**
 * Entry-centroid similarity: each phrasing becomes a TF-IDF vector (stemmed words + character
 * 3-grams, sublinear tf), normalised; an entry is the normalised sum of its phrasings' vectors;
 * a question scores the cosine to each entry's centroid. Where the nearest-phrasing cosine of
 * `LexicalIndex` rewards one lucky phrasing, the centroid rewards words shared by many phrasings
 * of the entry: it separates out-of-scope questions better (see docs/qa-evaluation.md).
 *
 * @example
 * const index = new CentroidIndex([{ entryId: 'a', phrasings: ['orari anagrafe', 'quando apre anagrafe'] }]);
 * index.scores('anagrafe aperta').get('a'); // => 0.6…
 */
export class CentroidIndex {
  private readonly idf = new Map<string, number>();
  private readonly postings = new Map<string, { entry: number; weight: number }[]>();
  private readonly entryIds: string[] = [];
  private docCount = 0;

  /** Built at once; a server that must keep answering while it loads uses `CentroidIndex.build`. */
  constructor(entries: { entryId: string; phrasings: string[] }[], mode?: typeof DEFERRED) {
    if (mode !== DEFERRED) runAtOnce(this.steps(entries));
  }

  /**
   * The same index, built in slices that yield to the event loop.
   *
   * @example
   * const index = await CentroidIndex.build(entries);
   */
  static async build(entries: { entryId: string; phrasings: string[] }[]): Promise<CentroidIndex> {
    const index = new CentroidIndex(entries, DEFERRED);
    await runInSlices(index.steps(entries));
    return index;
  }

  private *steps(entries: { entryId: string; phrasings: string[] }[]): Generator<void, void, void> {
    const docs: { entry: number; counts: Map<string, number> }[] = [];
    for (const [e, entry] of entries.entries()) {
      this.entryIds.push(entry.entryId);
      for (const phrasing of entry.phrasings) {
        docs.push({ entry: e, counts: stemFeatures(normalizeForMatch(phrasing)) });
        if (docs.length % ITEMS_PER_STEP === 0) yield;
      }
    }
    this.docCount = docs.length;
    const df = new Map<string, number>();
    for (const doc of docs) for (const key of doc.counts.keys()) df.set(key, (df.get(key) ?? 0) + 1);
    for (const [key, n] of df) this.idf.set(key, Math.log(1 + docs.length / n));
    yield;
    const centroids: SparseVector[] = entries.map(() => new Map());
    for (const [d, doc] of docs.entries()) {
      const centroid = centroids[doc.entry] as SparseVector;
      for (const [key, w] of this.weigh(doc.counts)) centroid.set(key, (centroid.get(key) ?? 0) + w);
      if (d % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    }
    for (const [e, centroid] of centroids.entries()) {
      for (const [key, weight] of normalizeVector(centroid)) {
        let list = this.postings.get(key);
        if (!list) this.postings.set(key, (list = []));
        list.push({ entry: e, weight });
      }
      yield;
    }
  }

  /** Sublinear-tf TF-IDF, normalised; features unseen in training weigh the rarest idf. */
  private weigh(counts: Map<string, number>): SparseVector {
    const maxIdf = Math.log(1 + this.docCount);
    const vector: SparseVector = new Map();
    for (const [key, count] of counts) vector.set(key, (1 + Math.log(count)) * (this.idf.get(key) ?? maxIdf));
    return normalizeVector(vector);
  }

  /**
   * Cosine of a question to each entry's centroid (entries with no shared feature are absent).
   *
   * @example
   * index.scores('dove pago la tari').get('tari-pagamento'); // => 0.5…
   */
  scores(text: string): Map<string, number> {
    const result = new Map<string, number>();
    const counts = stemFeatures(normalizeForMatch(text));
    if (counts.size === 0) return result;
    const dot = new Float64Array(this.entryIds.length);
    for (const [key, w] of this.weigh(counts)) {
      for (const { entry, weight } of this.postings.get(key) ?? []) dot[entry] = (dot[entry] ?? 0) + w * weight;
    }
    dot.forEach((value, e) => {
      if (value > 0) result.set(this.entryIds[e] as string, Math.min(1, value));
    });
    return result;
  }
}
