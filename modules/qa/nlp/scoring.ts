/**
 * How the four signals (NLP.js, nearest-phrasing cosine, entry-centroid cosine, softmax model)
 * become one confidence, and the single threshold the product ships.
 */

/**
 * Weight of NLP.js's score in the combined confidence. See docs/qa-evaluation.md for the sweep
 * that chose it (dev splits only).
 */
export const NLP_WEIGHT = 0.1;

/**
 * Weight of the entry-centroid similarity (`CentroidIndex`). 0 since the softmax model: with it,
 * the centroid added nothing on dev (see docs/qa-evaluation.md), and at 0 it is not even built.
 */
export const CENTROID_WEIGHT = 0;

/**
 * Weight of the softmax model's probability (`SoftmaxModel`); the rest (1 − NLP_WEIGHT −
 * CENTROID_WEIGHT − SOFTMAX_WEIGHT) goes to the nearest-phrasing lexical cosine (`LexicalIndex`).
 */
export const SOFTMAX_WEIGHT = 0.5;

/**
 * Minimum combined confidence to answer. Below it the classifier returns `entryId: null`
 * ("non lo so") and the question goes to the unanswered list.
 * Chosen on dev splits only (see docs/qa-evaluation.md).
 *
 * @example
 * const r = await classifier.classify(text);
 * r.confidence >= QA_ANSWER_THRESHOLD; // same as r.entryId !== null
 */
export const QA_ANSWER_THRESHOLD = 0.435;

/**
 * How much the runner-up's combined score is subtracted from the best one to give the confidence
 * (0 = no margin feature). Chosen on dev splits only (see docs/qa-evaluation.md).
 *
 * @example
 * const confidence = top1 - MARGIN_WEIGHT * top2;
 */
export const MARGIN_WEIGHT = 0;

/**
 * Combine the signals for one entry: NLP.js score, nearest-phrasing cosine and, when given,
 * entry-centroid cosine and softmax probability. An omitted signal's weight goes to the lexical
 * cosine, so the two- and three-signal calls keep their meaning.
 *
 * @example
 * combineScores(0.98, 0.75, 0.5) // => 0.865
 * combineScores(1, 0.5, 0.3, 0.75, 0.4) // => 0.3 + 0.15 + 0.3 = 0.75
 * combineScores(1, 0.5, 0.1, 0, 0, 0.9, 0.4) // => 0.1 + 0.25 + 0.36 = 0.71
 */
export function combineScores(
  nlp: number,
  lexical: number,
  nlpWeight = NLP_WEIGHT,
  centroid?: number,
  centroidWeight = CENTROID_WEIGHT,
  softmax?: number,
  softmaxWeight = SOFTMAX_WEIGHT,
): number {
  const c = centroid === undefined ? 0 : centroidWeight;
  const s = softmax === undefined ? 0 : softmaxWeight;
  return nlpWeight * nlp + (1 - nlpWeight - c - s) * lexical + c * (centroid ?? 0) + s * (softmax ?? 0);
}
