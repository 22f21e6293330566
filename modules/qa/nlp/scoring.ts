/**
 * How NLP.js and lexical scores become one confidence, and the single threshold the product ships.
 */

/**
 * Weight of NLP.js's score in the combined confidence; the rest is the lexical cosine.
 * See docs/qa-evaluation.md for the sweep that chose it.
 */
export const NLP_WEIGHT = 0.5;

/**
 * Minimum combined confidence to answer. Below it the classifier returns `entryId: null`
 * ("non lo so") and the question goes to the unanswered list.
 * Chosen on dev splits only (see docs/qa-evaluation.md).
 *
 * @example
 * const r = await classifier.classify(text);
 * r.confidence >= QA_ANSWER_THRESHOLD; // same as r.entryId !== null
 */
export const QA_ANSWER_THRESHOLD = 0.55;

/**
 * How much the runner-up's combined score is subtracted from the best one to give the confidence
 * (0 = no margin feature). Chosen on dev splits only (see docs/qa-evaluation.md).
 *
 * @example
 * const confidence = top1 - MARGIN_WEIGHT * top2;
 */
export const MARGIN_WEIGHT = 0;

/**
 * Combine the two signals for one entry.
 *
 * @example
 * combineScores(0.98, 0.75) // => 0.865
 */
export function combineScores(nlp: number, lexical: number, nlpWeight = NLP_WEIGHT): number {
  return nlpWeight * nlp + (1 - nlpWeight) * lexical;
}
