/**
 * Discriminative intent model: multinomial logistic regression (softmax) over sparse features
 * (Snowball stems, stem bigrams, character 3–5-grams inside words), L2-regularised, trained with a
 * few epochs of Adagrad in a fixed-seed order, so the same library always gives the same weights.
 * Where the TF-IDF indexes score how *similar* a question is to an entry, this model learns which
 * features *tell entries apart* (a word shared by two entries weighs little for both).
 * Plain TypeScript, no dependency; rebuilt from the stored phrasings on load, like `CentroidIndex`.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { normalizeForMatch } from './normalize.js';
import { isStopword, stemWord } from './lexical-index.js';

/**
 * Hyper-parameters (the defaults are the shipped ones; see docs/qa-evaluation.md for the dev sweep).
 *
 * @example
 * new SoftmaxModel(entries, { epochs: 10, l2: 1e-4 });
 */
export interface SoftmaxModelOptions {
  /** Passes over the training phrasings. */
  epochs?: number;
  /** Adagrad base learning rate. */
  learningRate?: number;
  /** L2 penalty per update on the touched weights. */
  l2?: number;
  /** Shortest and longest character n-gram (inside `#word#`); 0 turns character n-grams off. */
  charMin?: number;
  charMax?: number;
  /** Stem bigram features. */
  bigrams?: boolean;
  /** Weight of a stem (and of a bigram) relative to one character n-gram. */
  wordWeight?: number;
  /** Weigh each phrasing by (mean entry size / its entry's size), so big entries do not dominate. */
  balanced?: boolean;
  /** Shuffle seed. */
  seed?: number;
}

const DEFAULTS: Required<SoftmaxModelOptions> = {
  epochs: 5,
  learningRate: 0.5,
  l2: 1e-4,
  charMin: 3,
  charMax: 5,
  bigrams: true,
  wordWeight: 2,
  balanced: true,
  seed: 42,
};

/** Small deterministic PRNG (mulberry32): the training order must not depend on Math.random. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gradient below which an entry's weights are not updated for a phrasing (see `train`). */
const MIN_GRADIENT = 1e-3;

/** Phrasings handled between two checks of the clock while building in slices. */
const ROWS_PER_STEP = 32;

/** Longest stretch `SoftmaxModel.build` keeps the event loop busy before yielding (ms). */
const DEFAULT_SLICE_MS = 10;

/** Passed by `build` so the constructor leaves the work to be done in slices. */
const DEFERRED: unique symbol = Symbol('deferred');

interface SparseRow {
  index: Int32Array;
  value: Float64Array;
}

/**
 * Softmax regression over one library.
 *
 * @example
 * const model = new SoftmaxModel([{ entryId: 'a', phrasings: ['orari anagrafe'] }, { entryId: 'b', phrasings: ['pago tari'] }]);
 * model.scores('quando apre anagrafe').get('a'); // => 0.8…
 */
export class SoftmaxModel {
  private readonly options: Required<SoftmaxModelOptions>;
  private readonly featureIds = new Map<string, number>();
  private readonly entryIds: string[] = [];
  private weights: Float64Array = new Float64Array(0);
  private readonly bias: Float64Array;

  /** What is left of the build (vectorising, then training), one step per `ROWS_PER_STEP` rows. */
  private readonly pending: Generator<void, void, void>;

  /**
   * Build the model on the calling thread in one go (tools, tests). A server that must keep
   * answering while a model loads uses `SoftmaxModel.build` instead: same weights, in slices.
   */
  constructor(entries: { entryId: string; phrasings: string[] }[], options: SoftmaxModelOptions = {}, mode?: typeof DEFERRED) {
    this.options = { ...DEFAULTS, ...options };
    this.bias = new Float64Array(entries.length);
    this.pending = this.buildSteps(entries);
    if (mode !== DEFERRED) for (const _ of this.pending);
  }

  /**
   * Build the same model as the constructor, yielding to the event loop every `sliceMs` or so:
   * a library of ~1,000 phrasings takes 0.15–0.4 s of CPU, which a server thread answering
   * citizens should not spend in one block.
   *
   * @example
   * const model = await SoftmaxModel.build(entries); // other requests run between slices
   */
  static async build(
    entries: { entryId: string; phrasings: string[] }[],
    options: SoftmaxModelOptions = {},
    sliceMs = DEFAULT_SLICE_MS,
  ): Promise<SoftmaxModel> {
    const model = new SoftmaxModel(entries, options, DEFERRED);
    let sliceStarted = performance.now();
    for (const _ of model.pending) {
      if (performance.now() - sliceStarted >= sliceMs) {
        await yieldToEventLoop();
        sliceStarted = performance.now();
      }
    }
    return model;
  }

  private *buildSteps(entries: { entryId: string; phrasings: string[] }[]): Generator<void, void, void> {
    const rows: SparseRow[] = [];
    const labels: number[] = [];
    for (const [e, entry] of entries.entries()) {
      this.entryIds.push(entry.entryId);
      for (const phrasing of entry.phrasings) {
        rows.push(this.vectorize(this.features(normalizeForMatch(phrasing)), true));
        labels.push(e);
        if (rows.length % ROWS_PER_STEP === 0) yield;
      }
    }
    yield* this.train(rows, labels, entries.map((e) => e.phrasings.length));
  }

  /** Raw feature counts of one normalised text. */
  private features(normalized: string): Map<string, number> {
    const { charMin, charMax, bigrams, wordWeight } = this.options;
    const counts = new Map<string, number>();
    const add = (key: string, weight: number): void => {
      counts.set(key, (counts.get(key) ?? 0) + weight);
    };
    let previous = '';
    for (const token of normalized.split(' ')) {
      if (token === '' || isStopword(token)) continue;
      const stem = stemWord(token);
      add(`w:${stem}`, wordWeight);
      if (bigrams && previous !== '') add(`b:${previous} ${stem}`, wordWeight);
      previous = stem;
      if (charMin > 0) {
        const padded = `#${token}#`;
        for (let n = charMin; n <= charMax; n += 1) {
          for (let i = 0; i + n <= padded.length; i += 1) add(`c:${padded.slice(i, i + n)}`, 1);
        }
      }
    }
    return counts;
  }

  /**
   * Sublinear tf, L2-normalised. At training time new features get ids; at query time unknown
   * features have no weight but still count in the norm, so a question made mostly of words the
   * library never uses gets small logits and a flat (low-confidence) distribution.
   */
  private vectorize(counts: Map<string, number>, grow: boolean): SparseRow {
    const index: number[] = [];
    const value: number[] = [];
    let norm = 0;
    for (const [key, count] of counts) {
      const w = 1 + Math.log(count);
      norm += w * w;
      let id = this.featureIds.get(key);
      if (id === undefined && grow) this.featureIds.set(key, (id = this.featureIds.size));
      if (id === undefined) continue;
      index.push(id);
      value.push(w);
    }
    norm = Math.sqrt(norm) || 1;
    return { index: Int32Array.from(index), value: Float64Array.from(value, (v) => v / norm) };
  }

  /** Bias plus weights·features for every entry, into `out`. */
  private static logits(row: SparseRow, weights: Float64Array, bias: Float64Array, out: Float64Array): void {
    const k = bias.length;
    const { index, value } = row;
    out.set(bias);
    for (let i = 0; i < index.length; i += 1) {
      const base = (index[i] as number) * k;
      const x = value[i] as number;
      for (let c = 0; c < k; c += 1) out[c] = (out[c] as number) + x * (weights[base + c] as number);
    }
  }

  private static softmax(z: Float64Array): void {
    let max = -Infinity;
    for (const v of z) if (v > max) max = v;
    let sum = 0;
    for (let c = 0; c < z.length; c += 1) sum += z[c] = Math.exp((z[c] as number) - max);
    for (let c = 0; c < z.length; c += 1) z[c] = (z[c] as number) / sum;
  }

  private *train(rows: SparseRow[], labels: number[], sizes: number[]): Generator<void, void, void> {
    const { epochs, learningRate, l2, balanced, seed } = this.options;
    const k = this.entryIds.length;
    const weights = (this.weights = new Float64Array(this.featureIds.size * k));
    const bias = this.bias;
    const squared = new Float64Array(this.featureIds.size);
    const grad = new Float64Array(k);
    const active = new Int32Array(k);
    const biasSquared = new Float64Array(k);
    const meanSize = rows.length / Math.max(1, k);
    const random = mulberry32(seed);
    const order = rows.map((_, i) => i);
    const p = new Float64Array(k);
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      for (let i = order.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      for (const [step, r] of order.entries()) {
        if (step % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
        const row = rows[r] as SparseRow;
        const label = labels[r] as number;
        const scale = balanced ? meanSize / (sizes[label] as number) : 1;
        SoftmaxModel.logits(row, weights, bias, p);
        SoftmaxModel.softmax(p);
        p[label] = (p[label] as number) - 1;
        // Only entries whose gradient is not negligible are updated (and L2-decayed): after the
        // first epoch a phrasing has 2–4 such entries out of 42, so an update costs a tenth.
        let m = 0;
        for (let c = 0; c < k; c += 1) if (Math.abs(p[c] as number) >= MIN_GRADIENT) active[m++] = c;
        for (let a = 0; a < m; a += 1) {
          const c = active[a] as number;
          const g = scale * (p[c] as number);
          biasSquared[c] = (biasSquared[c] as number) + g * g;
          bias[c] = (bias[c] as number) - (learningRate * g) / (Math.sqrt(biasSquared[c] as number) + 1e-8);
        }
        // Adagrad with one accumulator per feature (not per feature × entry): one square root
        // per feature instead of one per weight.
        for (let i = 0; i < row.index.length; i += 1) {
          const f = row.index[i] as number;
          const base = f * k;
          const x = scale * (row.value[i] as number);
          let sum = 0;
          for (let a = 0; a < m; a += 1) {
            const c = active[a] as number;
            const g = (p[c] as number) * x + l2 * (weights[base + c] as number);
            grad[a] = g;
            sum += g * g;
          }
          squared[f] = (squared[f] as number) + sum;
          const step = learningRate / (Math.sqrt(squared[f] as number) + 1e-8);
          for (let a = 0; a < m; a += 1) {
            const at = base + (active[a] as number);
            weights[at] = (weights[at] as number) - step * (grad[a] as number);
          }
        }
      }
    }
  }

  /**
   * Share (0…1) of a question's feature weight that the library knows: the squared norm of its
   * known features over the squared norm of all of them.
   *
   * @example
   * model.coverage('meteo domani a trento'); // => 0.1…
   */
  coverage(text: string): number {
    const row = this.vectorize(this.features(normalizeForMatch(text)), false);
    let known = 0;
    for (const v of row.value) known += v * v;
    return known;
  }

  /**
   * Probability of each entry for one question (sums to 1 over the library's entries).
   *
   * @example
   * model.scores('dove pago la tari').get('tari-pagamento'); // => 0.9…
   */
  scores(text: string): Map<string, number> {
    const result = new Map<string, number>();
    const counts = this.features(normalizeForMatch(text));
    if (counts.size === 0) return result;
    const z = new Float64Array(this.entryIds.length);
    SoftmaxModel.logits(this.vectorize(counts, false), this.weights, this.bias, z);
    SoftmaxModel.softmax(z);
    z.forEach((prob, e) => result.set(this.entryIds[e] as string, prob));
    return result;
  }
}
