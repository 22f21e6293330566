/**
 * How unanswered questions are grouped: "Orari del camposanto?", "orari camposanto" and
 * "ORARI DEL CAMPOSANTO!!" are one question for the operator. The key is the question's content
 * words (accents, case, punctuation and function words dropped), de-duplicated and sorted; near-
 * identical keys (a typo, one extra word) are merged by `similarKey`.
 */
import { normalizeForMatch } from '../nlp/index.js';

/** Function words that do not change what is asked (articles, prepositions, conjunctions, "mi"). */
const FUNCTION_WORDS = new Set(
  ('il lo la i gli le l un uno una di a da in con su per tra fra del dello della dei degli delle dell al allo alla ' +
    'ai agli alle all dal dallo dalla dai dagli dalle dall nel nello nella nei negli nelle nell sul sullo sulla sui ' +
    'sugli sulle sull e ed o che mi ti si ci vi ne me te c ma anche come per favore grazie buongiorno salve ciao')
    .split(' '),
);

/** Longest key stored (the column is 500 characters). */
const MAX_KEY = 500;

/**
 * The group key of a question.
 *
 * @example
 * groupKey('Orari del CAMPOSANTO???'); // => "camposanto orari"
 * groupKey('il camposanto: orari');    // => "camposanto orari"
 */
export function groupKey(text: string): string {
  const normalized = normalizeForMatch(text);
  const words = [...new Set(normalized.split(' ').filter((w) => w !== '' && !FUNCTION_WORDS.has(w)))].sort();
  return (words.length > 0 ? words.join(' ') : normalized).slice(0, MAX_KEY);
}

function trigrams(key: string): Set<string> {
  const grams = new Set<string>();
  const padded = ` ${key} `;
  for (let i = 0; i + 3 <= padded.length; i += 1) grams.add(padded.slice(i, i + 3));
  return grams;
}

/**
 * Jaccard similarity of the character 3-grams of two keys, in [0, 1].
 *
 * @example
 * keySimilarity('camposanto orari', 'campsanto orari'); // => 0.72
 */
export function keySimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const ga = trigrams(a);
  const gb = trigrams(b);
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared += 1;
  return shared / (ga.size + gb.size - shared || 1);
}

/**
 * Minimum similarity for two keys to share a group. 0.7 merges one typo or one extra word in a
 * 3–4-word question ("orari camposanto" / "camposanto oggi orari" = 0.76, typo "campsanto" = 0.72) but keeps different
 * subjects apart ("orari camposanto" / "orari biblioteca" = 0.19;
 * "pago tari" / "pago tasi" = 0.50, two different taxes).
 */
export const SIMILAR_KEY = 0.7;

/**
 * The most similar key among `candidates`, if it reaches `SIMILAR_KEY`.
 *
 * @example
 * similarKey('campsanto orari', ['biblioteca orari', 'camposanto orari']); // => 'camposanto orari'
 */
export function similarKey(key: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = SIMILAR_KEY;
  for (const candidate of candidates) {
    const score = keySimilarity(key, candidate);
    if (score >= bestScore) [best, bestScore] = [candidate, score];
  }
  return best;
}
