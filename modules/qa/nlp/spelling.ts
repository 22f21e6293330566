/**
 * Typo correction against the training vocabulary: a word NLP.js has never seen ("anagarfe")
 * is replaced by the one known word within edit distance 1 (2 for words of 8+ letters), so that
 * NLP.js, which matches whole stems, still sees "anagrafe". Words are only corrected into words
 * the library uses, so an out-of-scope question stays out of scope.
 */

/** Damerau–Levenshtein (optimal string alignment) distance, stopping early above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  // Three rolling rows (OSA needs the row before the previous one for transpositions).
  let prev2 = new Int32Array(n + 1);
  let prev = new Int32Array(n + 1);
  let row = new Int32Array(n + 1);
  for (let j = 0; j <= n; j += 1) prev[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    row[0] = i;
    let best = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j += 1) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, prev2[j - 2]! + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[n]!;
}

/**
 * Vocabulary of the training phrasings with a speller for unknown words.
 *
 * @example
 * const speller = new Speller(['orari anagrafe']);
 * speller.correct('orari anagarfe'); // => "orari anagrafe"
 */
export class Speller {
  private readonly words: Set<string>;
  /** Known words grouped by length: a word is only compared with words of length ±2. */
  private readonly byLength = new Map<number, string[]>();
  /** Corrections already computed (questions repeat words); bounded. */
  private readonly cache = new Map<string, string>();

  /** @param phrasings already normalised with `normalizeForMatch`. */
  constructor(phrasings: Iterable<string>) {
    this.words = new Set();
    for (const p of phrasings) for (const w of p.split(' ')) if (w.length >= 4) this.words.add(w);
    for (const w of this.words) {
      const list = this.byLength.get(w.length) ?? [];
      list.push(w);
      this.byLength.set(w.length, list);
    }
  }

  /**
   * Replace each unknown word of 5+ letters with its unique nearest known word, if close enough.
   * Ambiguous corrections (two known words at the same distance) are left alone.
   *
   * @example
   * speller.correct('ritiro ingombrnati'); // => "ritiro ingombranti"
   */
  correct(normalized: string): string {
    return normalized
      .split(' ')
      .map((word) => {
        if (word.length < 5 || this.words.has(word)) return word;
        const cached = this.cache.get(word);
        if (cached !== undefined) return cached;
        const max = word.length >= 8 ? 2 : 1;
        let best = '';
        let bestDistance = max + 1;
        let tie = false;
        for (let length = word.length - max; length <= word.length + max; length += 1) {
          for (const known of this.byLength.get(length) ?? []) {
            const d = distance(word, known, Math.min(max, bestDistance));
            if (d < bestDistance) [best, bestDistance, tie] = [known, d, false];
            else if (d === bestDistance && d <= max) tie = true;
          }
        }
        const corrected = best !== '' && !tie && bestDistance <= max ? best : word;
        if (this.cache.size < 10_000) this.cache.set(word, corrected);
        return corrected;
      })
      .join(' ');
  }
}
