/**
 * Typo correction against the training vocabulary: a word NLP.js has never seen ("anagarfe")
 * is replaced by the one known word within edit distance 1 (2 for words of 8+ letters), so that
 * NLP.js, which matches whole stems, still sees "anagrafe". Words are only corrected into words
 * the library uses, so an out-of-scope question stays out of scope.
 */

/** Damerau–Levenshtein (optimal string alignment) distance, stopping early above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) rows.push([i]);
  for (let j = 1; j <= b.length; j += 1) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    let best = Infinity;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (rows[i - 2] as number[])[j - 2]! + 1);
      row[j] = d;
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
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

  /** @param phrasings already normalised with `normalizeForMatch`. */
  constructor(phrasings: Iterable<string>) {
    this.words = new Set();
    for (const p of phrasings) for (const w of p.split(' ')) if (w.length >= 4) this.words.add(w);
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
        const max = word.length >= 8 ? 2 : 1;
        let best = '';
        let bestDistance = max + 1;
        let tie = false;
        for (const known of this.words) {
          const d = distance(word, known, Math.min(max, bestDistance));
          if (d < bestDistance) [best, bestDistance, tie] = [known, d, false];
          else if (d === bestDistance && d <= max) tie = true;
        }
        return best !== '' && !tie && bestDistance <= max ? best : word;
      })
      .join(' ');
  }
}
