/**
 * Proper names in a question ("ricordami di prendere Lisa", "via Garibaldi", "il film The Ultimate
 * Gift") say nothing about which entry it asks about, yet as words the library never saw they lower
 * every score the way an off-topic question does, and the question falls back. A capitalised word
 * after the first that the library does not know (not in its phrasings, not a synonym, not a typo of
 * a known word) is taken for a name and left out. All-capital words (TARI, SPID, IMU) are kept:
 * they are acronyms, often the very topic.
 */
import { normalizeForMatch } from './normalize.js';
import type { Speller } from './spelling.js';

/** Upper-case letter followed by a lower-case one: "Lisa", "Garibaldi" (not "TARI", not "l'Imu"). */
const CAPITALISED = /^\p{Lu}\p{Ll}/u;

/**
 * Removes unknown proper names from raw question text.
 *
 * @example
 * const names = new ProperNames(['orari cimitero'], { camposanto: 'cimitero' }, speller);
 * names.strip('Orari del cimitero di Borgoverde'); // => "Orari del cimitero di"
 * names.strip('Orari del Camposanto');             // => "Orari del Camposanto" (a synonym)
 */
export class ProperNames {
  private readonly known = new Set<string>();

  /**
   * @param phrasings training phrasings, already in `normalizeForMatch` form.
   * @param synonyms the synonym map the classifier applies (its words count as known).
   */
  constructor(
    phrasings: Iterable<string>,
    synonyms: Readonly<Record<string, string>>,
    private readonly speller: Speller,
  ) {
    for (const p of phrasings) for (const w of p.split(' ')) this.known.add(w);
    for (const phrase of Object.keys(synonyms)) for (const w of phrase.split(' ')) this.known.add(w);
  }

  /** The text without the capitalised words (after the first) the library does not know. */
  strip(text: string): string {
    const tokens = text.trim().split(/\s+/u);
    return tokens.filter((token, i) => i === 0 || !CAPITALISED.test(token) || this.isKnown(token)).join(' ');
  }

  private isKnown(token: string): boolean {
    return normalizeForMatch(token)
      .split(' ')
      .every((word) => word === '' || this.known.has(word) || this.speller.correct(word) !== word);
  }
}
