/**
 * How NLP.js and lexical scores become one confidence, and the single threshold the product ships.
 */

/**
 * Weight of NLP.js's score in the combined confidence. See docs/qa-evaluation.md for the sweep
 * that chose it (dev splits only).
 */
export const NLP_WEIGHT = 0.3;

/**
 * Weight of the entry-centroid similarity (`CentroidIndex`); the rest (1 − NLP_WEIGHT −
 * CENTROID_WEIGHT) goes to the nearest-phrasing lexical cosine (`LexicalIndex`).
 */
export const CENTROID_WEIGHT = 0.4;

/**
 * Minimum combined confidence to answer. Below it the classifier returns `entryId: null`
 * ("non lo so") and the question goes to the unanswered list.
 * Chosen on dev splits only (see docs/qa-evaluation.md).
 *
 * @example
 * const r = await classifier.classify(text);
 * r.confidence >= QA_ANSWER_THRESHOLD; // same as r.entryId !== null
 */
export const QA_ANSWER_THRESHOLD = 0.4;

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
 * entry-centroid cosine. Without `centroid`, its weight goes to the lexical cosine.
 *
 * @example
 * combineScores(0.98, 0.75, 0.5) // => 0.865
 * combineScores(1, 0.5, 0.3, 0.75, 0.4) // => 0.3 + 0.15 + 0.3 = 0.75
 */
export function combineScores(
  nlp: number,
  lexical: number,
  nlpWeight = NLP_WEIGHT,
  centroid?: number,
  centroidWeight = CENTROID_WEIGHT,
): number {
  if (centroid === undefined) return nlpWeight * nlp + (1 - nlpWeight) * lexical;
  return nlpWeight * nlp + (1 - nlpWeight - centroidWeight) * lexical + centroidWeight * centroid;
}
