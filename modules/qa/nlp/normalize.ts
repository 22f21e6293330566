/**
 * Italian text normalisation for the Q&A classifier: pure functions, no state.
 *
 * Citizens type on phone keyboards: typographic apostrophes (’), accents typed as a trailing
 * apostrophe ("perche'", "citta'"), shouting ("ORARI???"), stretched words ("grazieeee").
 * Training phrasings and incoming questions go through the same function, so both sides agree.
 */

/** Apostrophe look-alikes phone keyboards and word processors produce: ’ ‘ ‛ ` ´ ʼ ′. */
const APOSTROPHES = /[\u2019\u2018\u201B`\u00B4\u02BC\u2032]/g;

/** Combining diacritics left after NFD decomposition (à → a + U+0300). */
const DIACRITICS = /[\u0300-\u036f]/g;

/**
 * Normalise text for display and logging: NFC, lowercase, straight apostrophes, single spaces.
 * Accents and punctuation are kept, so an operator reading the unanswered-questions list sees
 * what the citizen wrote.
 *
 * @example
 * normalizeText('  Dov’è  l’Anagrafe? ')
 * // => "dov'è l'anagrafe?"
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(APOSTROPHES, "'")
    .toLocaleLowerCase('it')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * Remove accents: "città" → "citta", "perché" → "perche".
 * Citizens often skip accents, so matching must ignore them (NLP.js's Italian normaliser does the same).
 *
 * @example
 * foldAccents('è già lì') // => "e gia li"
 */
export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(DIACRITICS, '').normalize('NFC');
}

/**
 * Normalise text for matching: the form both training phrasings and questions are classified in.
 * Lowercase, accents folded, apostrophes unified, elisions split ("l'anagrafe" → "l anagrafe"),
 * accents typed as apostrophes dropped ("e'" → "e"), punctuation removed, letters repeated 3+ times
 * squeezed ("grazieeee" → "grazie": Italian never triples a letter), whitespace collapsed.
 *
 * @example
 * normalizeForMatch('Dov’è l’ufficio ANAGRAFE???')
 * // => "dov e l ufficio anagrafe"
 */
export function normalizeForMatch(text: string): string {
  return foldAccents(normalizeText(text))
    .replace(/'/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/(\p{L})\1{2,}/gu, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Split matched text into word tokens.
 *
 * @example
 * tokenize("l'orario dell'anagrafe") // => ["l", "orario", "dell", "anagrafe"]
 */
export function tokenize(text: string): string[] {
  const normalized = normalizeForMatch(text);
  return normalized === '' ? [] : normalized.split(' ');
}
