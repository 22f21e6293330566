/**
 * Calibration of one library from its own data. A confidence of 0.4 does not mean the same thing on a
 * library with 36 phrasings per entry and on one with 6 (fewer phrasings → lower scores for right
 * answers too), so one fixed threshold over-rejects on sparse libraries. At every training the
 * library is cross-validated against itself: in each fold some phrasings of the kept entries are held
 * out (in-scope questions the model has not seen) and some entries are held out entirely (their
 * phrasings are out-of-scope questions *of the same comune*, the hardest kind). The answer and
 * clarify bands are read off those scores by one fixed rule (constants chosen on dev splits only,
 * see docs/qa-evaluation.md); nothing is tuned per library by hand.
 */

/** The three outcomes of a question. */
export type QaDecision = 'answer' | 'clarify' | 'fallback';

/** One cross-validated question: its confidence, and whether the right entry was first / in the top 3. */
export interface CalibrationSample {
  confidence: number;
  top1: boolean;
  top3: boolean;
}

/**
 * The bands a model answers with, and where they come from (stored with the model, shown to the comune).
 *
 * @example
 * const c: QaCalibration = { method: 'cross-validation', answer: 0.38, clarify: 0.22, folds: 4,
 *   inScopeSamples: 300, oosSamples: 120, expected: { rightDirect: 0.8, wrongDirect: 0.03, clarified: 0.1, oosAnswered: 0.1 } };
 */
export interface QaCalibration {
  /** `cross-validation` (from the library) or `default` (library too small to cross-validate). */
  method: 'cross-validation' | 'default';
  /** Confidence at or above which the bot answers. */
  answer: number;
  /** Confidence at or above which (and below `answer`) it asks "Forse intendevi…". */
  clarify: number;
  folds: number;
  inScopeSamples: number;
  oosSamples: number;
  /** What the rule expects at these bands, on the cross-validated questions (rates in [0, 1]). */
  expected: { rightDirect: number; wrongDirect: number; clarified: number; oosAnswered: number } | null;
}

/** Bands when a library is too small to cross-validate (and for models trained before calibration). */
export const DEFAULT_ANSWER_THRESHOLD = 0.435;
export const DEFAULT_CLARIFY_THRESHOLD = 0.3;

/** Folds of the self cross-validation. */
export const CALIBRATION_FOLDS = 3;

/** Softmax epochs inside the folds (the shipped model trains 5): calibration time is training time. */
export const CALIBRATION_EPOCHS = 3;

/**
 * Held-out questions scored per fold and kind (in-scope, out-of-scope), at most: scoring was ~40% of
 * the calibration's CPU on a 1,000-phrasing library, and the bands are quantiles that 3 × 200
 * samples already pin down. Libraries of up to ~600 phrasings score every one.
 */
export const CALIBRATION_MAX_SCORED = 200;

/**
 * At most `max` items, evenly spread over the list (deterministic: same library, same sample).
 *
 * @example
 * spread([1, 2, 3, 4], 2); // => [1, 3]
 */
export function spread<T>(items: readonly T[], max = CALIBRATION_MAX_SCORED): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)] as T);
}

/**
 * The rule: the answer band is the lowest confidence at which at most `maxWrongDirect` of the
 * held-out in-scope phrasings get a wrong direct answer and at most `maxOosAnswered` of the held-out
 * entries' phrasings get any direct answer; the clarify band the lowest at which at most
 * `maxClarified` of the in-scope ones are asked to choose and at most `maxOosClarifiedOrAnswered` of
 * the held-out entries' phrasings get more than the fallback. Both clamped to [`MIN_BAND`,
 * `MAX_BAND`], clarify ≤ answer. The held-out entries are the same comune's other questions, far
 * harder to reject than real out-of-scope ones, hence the loose-looking shares.
 */
export interface CalibrationRule {
  maxWrongDirect: number;
  maxOosAnswered: number;
  maxClarified: number;
  maxOosClarifiedOrAnswered: number;
}

/** The shipped constants, chosen on dev data only (`scripts/qa-calibration-tune.ts`, docs/qa-evaluation.md). */
export const CALIBRATION_RULE: CalibrationRule = { maxWrongDirect: 0.06, maxOosAnswered: 0.3, maxClarified: 0.2, maxOosClarifiedOrAnswered: 0.4 };
export const MIN_BAND = 0.15;
export const MAX_BAND = 0.7;

/** The decision for a confidence under some bands. */
export function decide(confidence: number, bands: { answer: number; clarify: number }): QaDecision {
  if (confidence >= bands.answer) return 'answer';
  return confidence >= bands.clarify ? 'clarify' : 'fallback';
}

const rate = (n: number, d: number): number => (d === 0 ? 0 : n / d);

/**
 * Read the bands off cross-validated scores with the fixed rule.
 *
 * @example
 * bandsFrom(inScope, oos, 4); // => { method: 'cross-validation', answer: 0.36, clarify: 0.21, … }
 */
export function bandsFrom(inScope: readonly CalibrationSample[], oos: readonly number[], folds: number, rule: CalibrationRule = CALIBRATION_RULE): QaCalibration {
  const grid: number[] = [];
  for (let t = MIN_BAND; t <= MAX_BAND + 1e-9; t += 0.005) grid.push(Number(t.toFixed(3)));
  const wrongAt = (t: number): number => rate(inScope.filter((s) => !s.top1 && s.confidence >= t).length, inScope.length);
  const oosAt = (t: number): number => rate(oos.filter((c) => c >= t).length, oos.length);
  const answer = grid.find((t) => wrongAt(t) <= rule.maxWrongDirect && oosAt(t) <= rule.maxOosAnswered) ?? MAX_BAND;
  const clarifiedAt = (t: number): number => rate(inScope.filter((s) => s.confidence >= t && s.confidence < answer).length, inScope.length);
  const clarify = grid.find((t) => t <= answer && clarifiedAt(t) <= rule.maxClarified && oosAt(t) <= rule.maxOosClarifiedOrAnswered) ?? answer;
  return {
    method: 'cross-validation',
    answer,
    clarify,
    folds,
    inScopeSamples: inScope.length,
    oosSamples: oos.length,
    expected: {
      rightDirect: Number(rate(inScope.filter((s) => s.top1 && s.confidence >= answer).length, inScope.length).toFixed(3)),
      wrongDirect: Number(wrongAt(answer).toFixed(3)),
      clarified: Number(clarifiedAt(clarify).toFixed(3)),
      oosAnswered: Number(oosAt(answer).toFixed(3)),
    },
  };
}

/**
 * The bands of a library too small to cross-validate.
 *
 * @example
 * defaultCalibration().answer; // => 0.435
 */
export function defaultCalibration(): QaCalibration {
  return { method: 'default', answer: DEFAULT_ANSWER_THRESHOLD, clarify: DEFAULT_CLARIFY_THRESHOLD, folds: 0, inScopeSamples: 0, oosSamples: 0, expected: null };
}

/**
 * The folds: in fold f, entry i is held out entirely when i % folds = f (out-of-scope), and of the
 * kept entries phrasing j is held out when (i + j) % folds = f (in-scope). Null when the library is
 * too small for the kept part to train a meaningful model (fewer than 6 entries or than 3 phrasings
 * for most entries).
 *
 * @example
 * const split = calibrationFolds(entries, 4); // split?.[0].train, .inScope, .oos
 */
export function calibrationFolds<E extends { entryId: string; phrasings: string[] }>(
  entries: readonly E[],
  folds = CALIBRATION_FOLDS,
): { train: { entryId: string; phrasings: string[] }[]; inScope: { entryId: string; text: string }[]; oos: string[] }[] | null {
  const rich = entries.filter((e) => e.phrasings.length >= 3).length;
  if (entries.length < 6 || rich < entries.length / 2) return null;
  const out = [];
  for (let f = 0; f < folds; f += 1) {
    const train: { entryId: string; phrasings: string[] }[] = [];
    const inScope: { entryId: string; text: string }[] = [];
    const oos: string[] = [];
    entries.forEach((e, i) => {
      if (i % folds === f) {
        oos.push(...e.phrasings);
        return;
      }
      const kept = e.phrasings.filter((_, j) => (i + j) % folds !== f);
      const held = e.phrasings.filter((_, j) => (i + j) % folds === f);
      // An entry with a single phrasing keeps it (it cannot be tested without vanishing).
      if (kept.length === 0) train.push({ entryId: e.entryId, phrasings: e.phrasings });
      else {
        train.push({ entryId: e.entryId, phrasings: kept });
        inScope.push(...held.map((text) => ({ entryId: e.entryId, text })));
      }
    });
    out.push({ train, inScope, oos });
  }
  return out;
}
