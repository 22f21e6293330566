/**
 * The explicit out-of-scope class: one extra training entry made of generic off-topic questions and
 * matters other offices handle (INPS, ASL, Agenzia delle Entrate, banks, shops, weather, sport),
 * shipped in `nlp-models/off-topic/off-topic-it.jsonl` (written for Campanile, EUPL-1.2). A question
 * whose best entry is this class is not answered: the bot says it is not the comune's business.
 */
import { readFileSync } from 'node:fs';

/** Id of the out-of-scope entry; never a library entry's id (those are slugs without `_`). */
export const OUT_OF_SCOPE_ID = '__fuori-competenza__';

const FILE = new URL('../../../nlp-models/off-topic/off-topic-it.jsonl', import.meta.url);

let cached: string[] | null = null;

/**
 * The off-topic phrasings, raw (read once).
 *
 * @example
 * offTopicPhrasings().length; // => 82
 */
export function offTopicPhrasings(): string[] {
  cached ??= readFileSync(FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { text: string }).text);
  return cached;
}
