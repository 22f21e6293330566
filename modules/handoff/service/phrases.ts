/**
 * Recognising "I want to talk to a person" in free text, before Q&A sees it. The phrases are texts of
 * the module (`handoff.phrases`, `|`-separated, per locale, overridable per comune), compared after
 * folding case, accents, apostrophes and punctuation.
 */

/** Lower case, no accents, typographic apostrophes as spaces, one space between words. */
export function fold(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * @example
 * asksForPerson('Vorrei... parlare con una PERSONA!', 'parlare con una persona|operatore umano'); // true
 */
export function asksForPerson(text: string, phrases: string): boolean {
  const folded = ` ${fold(text)} `;
  return phrases.split('|').map(fold).some((phrase) => phrase.length > 0 && folded.includes(` ${phrase} `));
}
