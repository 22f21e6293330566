/**
 * Per-entry answer thresholds, learned from the library itself. Entries differ in how confident
 * the classifier can be about them: an entry whose questions carry titles and names ("aggiungi
 * questo brano a …", "prenota da …") or that shares its words with a sibling scores lower for the
 * very questions it should answer, while an entry with a distinctive vocabulary scores high even
 * for a question that belongs to a sibling the library lacks. One threshold for all either drops
 * the first kind's answers or lets the second kind answer what it should not.
 *
 * How: k-fold cross-validation over the library's own lines (each line scored by a classifier
 * built without it); an entry's threshold is a low quantile of the confidences its own lines got
 * when they were ranked first, kept between a floor and the global threshold. Only ever lowers the
 * global threshold, so an entry is never made stricter than the shipped setting.
 */
import { ENTRY_THRESHOLD_FLOOR, ENTRY_THRESHOLD_QUANTILE, THRESHOLD_FOLDS } from './scoring.js';
import type { QaClassification, QaTrainingEntry } from './types.js';

/** Classifies with no threshold: what a fold's classifier must offer. */
export interface FoldScorer {
  classify(text: string): Promise<QaClassification>;
}

/**
 * The `q` quantile (0…1) of sorted values, linearly interpolated (as numpy's default).
 *
 * @example
 * quantile([0.2, 0.4, 0.6], 0.5); // => 0.4
 */
export function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.min(sorted.length - 1, low + 1);
  return (sorted[low] as number) + (at - low) * ((sorted[high] as number) - (sorted[low] as number));
}

/**
 * Each entry's threshold (entries whose lines were never ranked first get none: the global one,
 * `cap`, applies). `buildFold` builds a classifier from part of the library (the caller keeps the
 * NLP.js model trained on the whole library in it: too slow to retrain per fold, its score of a
 * line it has seen stands in for the held-out one).
 *
 * @example
 * const thresholds = await entryThresholds(entries, (part) => buildFoldClassifier(part), 0.475);
 * // => { 'orari-anagrafe': 0.41, … }
 */
export async function entryThresholds(
  entries: readonly QaTrainingEntry[],
  buildFold: (part: QaTrainingEntry[]) => Promise<FoldScorer>,
  cap: number,
): Promise<Record<string, number>> {
  const lines = entries.flatMap((entry) => [...entry.phrasings, ...(entry.phrasingsEn ?? [])].map((text) => ({ entryId: entry.entryId, text })));
  const confidences = new Map<string, number[]>();
  for (let fold = 0; fold < THRESHOLD_FOLDS; fold += 1) {
    const kept = lines.filter((_, i) => i % THRESHOLD_FOLDS !== fold);
    const grouped = new Map<string, string[]>();
    for (const line of kept) grouped.set(line.entryId, [...(grouped.get(line.entryId) ?? []), line.text]);
    if (grouped.size < 2) continue;
    const foldClassifier = await buildFold([...grouped].map(([entryId, phrasings]) => ({ entryId, phrasings })));
    for (const [i, line] of lines.entries()) {
      if (i % THRESHOLD_FOLDS !== fold) continue;
      const result = await foldClassifier.classify(line.text);
      if (result.candidates[0]?.entryId !== line.entryId) continue;
      confidences.set(line.entryId, [...(confidences.get(line.entryId) ?? []), result.confidence]);
    }
  }
  const thresholds: Record<string, number> = {};
  for (const [entryId, values] of confidences) {
    const low = quantile(values.sort((a, b) => a - b), ENTRY_THRESHOLD_QUANTILE);
    thresholds[entryId] = Number(Math.min(cap, Math.max(ENTRY_THRESHOLD_FLOOR, low)).toFixed(4));
  }
  return thresholds;
}
