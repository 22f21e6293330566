/**
 * Content words a question shares with the library but not with the entry it scores best on: a
 * question naming a topic of *another* entry ("pago la tari del cimitero?") fits the top entry less
 * than its scores say. Words are compared by their first 5 letters (a cheap stem: "rinnovo" and
 * "rinnovare" agree) and count only when at most `MAX_ENTRIES` entries use them (topic words, not
 * "come" or "posso").
 */
import { isStopword } from './lexical-index.js';

const PREFIX = 5;
/** A word used by more entries than this is not a topic word. */
const MAX_ENTRIES = 3;

const key = (word: string): string => word.slice(0, PREFIX);

/**
 * Per entry, the topic-word keys it uses.
 *
 * @example
 * const unseen = new UnseenWords([{ entryId: 'a', phrasings: ['orari anagrafe'] }, { entryId: 'b', phrasings: ['pagare tari'] }]);
 * unseen.count('orari tari', 'a'); // => 1
 */
export class UnseenWords {
  private readonly byEntry = new Map<string, Set<string>>();
  private readonly topic = new Set<string>();

  constructor(entries: readonly { entryId: string; phrasings: readonly string[] }[]) {
    const entriesOf = new Map<string, number>();
    for (const e of entries) {
      const keys = new Set<string>();
      for (const p of e.phrasings) for (const w of p.split(' ')) if (w.length >= 4 && !isStopword(w)) keys.add(key(w));
      this.byEntry.set(e.entryId, keys);
      for (const k of keys) entriesOf.set(k, (entriesOf.get(k) ?? 0) + 1);
    }
    for (const [k, n] of entriesOf) if (n <= MAX_ENTRIES) this.topic.add(k);
  }

  /** How many distinct topic words of `normalized` the entry never uses. */
  count(normalized: string, entryId: string): number {
    const own = this.byEntry.get(entryId);
    if (!own) return 0;
    const missing = new Set<string>();
    for (const w of normalized.split(' ')) {
      if (w.length < 4) continue;
      const k = key(w);
      if (this.topic.has(k) && !own.has(k)) missing.add(k);
    }
    return missing.size;
  }
}
