/**
 * Citizens write messages, not search queries: "Buongiorno, volevo sapere se per la carta d'identità
 * serve la prenotazione, grazie". The classifier should see the part that asks ("per la carta
 * d'identità serve la prenotazione"), not the greeting, the politeness or the sign-off, whose words
 * every entry shares and which dilute the scores. Pure functions; case and accents are kept (the
 * proper-name step downstream reads capitals).
 */

/** A word boundary that also works before/after accented letters (`\b` is ASCII-only). */
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';

/** Greetings and openers at the start of a sentence, with what usually follows them. */
const OPENERS = [
  'buon ?giorno', 'buona ?sera', 'buon pomeriggio', 'buona giornata', 'salve', 'ciao', 'hey', 'ehi', 'hola',
  'gentil[ei](?: signor[ei]| signora| comune| ufficio)?', 'egregi[oe](?: signor[ei]| sindaco)?', 'spettabile comune', 'spett\\.? ?le comune',
  'scusate(?: il disturbo)?', 'scusi(?: il disturbo)?', 'scusa', 'perdonate il disturbo', 'mi scuso per il disturbo',
  'salve a tutti', 'ciao a tutti', 'buongiorno a tutti',
];

/** Fillers that announce a question ("volevo sapere se …"): removed wherever they are. */
const FILLERS = [
  'volevo sapere(?: se| come| quando| dove| quanto| chi| cosa| perch[eé])?', 'vorrei sapere(?: se)?', 'volevo chiedere(?: se)?', 'vorrei chiedere(?: se)?',
  'volevo informazioni(?: su| sul| sulla| per)?', 'vorrei informazioni(?: su| sul| sulla| per)?', 'vorrei avere informazioni(?: su| sul| sulla)?',
  'chiedo(?: cortesemente)?(?: se)?', 'vi chiedo(?: se)?', 'le chiedo(?: se)?', 'mi chiedevo(?: se)?', 'mi domandavo(?: se)?',
  'mi sapete dire(?: se)?', 'mi sapreste dire(?: se)?', 'mi potete dire(?: se)?', 'mi potreste dire(?: se)?', 'potreste dirmi(?: se)?',
  'potete dirmi(?: se)?', 'sapete dirmi(?: se)?', 'sapreste dirmi(?: se)?', 'mi sa dire(?: se)?', 'mi pu[oò] dire(?: se)?', 'pu[oò] dirmi(?: se)?',
  'mi potete aiutare', 'mi potreste aiutare', 'avrei bisogno di sapere(?: se)?', 'ho bisogno di sapere(?: se)?',
  'avrei una domanda', 'ho una domanda', 'una domanda', 'una informazione', 'un\'informazione', 'un informazione', 'un\'info', 'un info',
  'vi scrivo per(?: sapere| chiedere)?(?: se)?', 'scrivo per(?: sapere| chiedere)?(?: se)?',
  'per favore', 'per piacere', 'per cortesia', 'cortesemente', 'gentilmente', 'se possibile', 'se potete',
  'grazie mille', 'grazie in anticipo', 'grazie anticipatamente', 'grazie tante', 'grazie', 'ringrazio(?: in anticipo| anticipatamente)?', 'vi ringrazio(?: in anticipo| anticipatamente)?',
];

/** Sign-offs at the end of a message. */
const CLOSERS = [
  'cordiali saluti', 'distinti saluti', 'cordialmente', 'saluti', 'un saluto', 'buona giornata', 'buona serata', 'buon lavoro',
  'arrivederci', 'a presto', 'ciao', 'grazie(?: mille| ancora| in anticipo| anticipatamente)?',
];

const alternatives = (list: readonly string[]): string => list.join('|');
const OPENER_RE = new RegExp(`^\\s*(?:(?:${alternatives(OPENERS)})${E}[\\s,.;:!]*)+`, 'iu');
const FILLER_RE = new RegExp(`${B}(?:${alternatives(FILLERS)})${E}[\\s,:]*`, 'giu');
const CLOSER_RE = new RegExp(`(?:[\\s,.;:!]*${B}(?:${alternatives(CLOSERS)})${E}[\\s,.;:!]*)+$`, 'iu');

/** Words that make a sentence a question when it has no "?". */
const QUESTION_WORD_RE = new RegExp(
  `${B}(?:come|quando|dove|quanto|quanta|quanti|quante|chi|cosa|che cosa|quale|quali|perch[eé]|posso|possiamo|si pu[oò]|serve|servono|bisogna|devo|dobbiamo|c'[eè]|ci sono|orari|orario)${E}`,
  'iu',
);

/**
 * Remove greetings, fillers and sign-offs from one sentence; what is left, tidied.
 *
 * @example
 * stripPoliteness('Buongiorno, volevo sapere se serve la prenotazione, grazie')
 * // => "serve la prenotazione"
 */
export function stripPoliteness(sentence: string): string {
  return sentence
    .replace(OPENER_RE, '')
    .replace(CLOSER_RE, '')
    .replace(FILLER_RE, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.;:!-]+/, '')
    .replace(/[\s,;:-]+$/, '')
    .trim();
}

/**
 * Split a message into sentences: after . ! ? … and at line breaks (a decimal point or an
 * abbreviation's dot followed by a lowercase letter does not split: "ore 8.30", "p.zza").
 *
 * @example
 * sentences('Buongiorno. Quando apre la piscina? Grazie') // => ['Buongiorno.', 'Quando apre la piscina?', 'Grazie']
 */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+(?=\S)|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Up to this many words (politeness out) a message is classified whole: its sentences are context. */
export const SHORT_MESSAGE_WORDS = 20;

/**
 * The part of a message that asks: politeness stripped from each sentence; a short message (≤
 * `SHORT_MESSAGE_WORDS` words left) is kept whole, since its other sentence is usually the context
 * that names the subject ("ho preso un cucciolo. il microchip dove lo faccio?"); in a longer one the
 * last sentence with a "?", else the last one with a question word, else the longest. A message made
 * only of politeness ("grazie!") is returned as written, so it still reaches the classifier (and
 * falls back).
 *
 * @example
 * askingPart("Buongiorno, volevo sapere se per la carta d'identità serve la prenotazione, grazie")
 * // => "per la carta d'identità serve la prenotazione"
 * askingPart('Ho cambiato casa il mese scorso. Come faccio il cambio di residenza? Grazie mille')
 * // => "Ho cambiato casa il mese scorso. Come faccio il cambio di residenza?"
 */
export function askingPart(text: string): string {
  const parts = sentences(text)
    .map((s) => ({ raw: s, stripped: stripPoliteness(s) }))
    .filter((p) => /[\p{L}\p{N}]/u.test(p.stripped));
  if (parts.length === 0) return text.trim();
  if (parts.length === 1) return (parts[0] as { stripped: string }).stripped;
  const joined = parts.map((p) => p.stripped).join(' ');
  if (joined.split(/\s+/).length <= SHORT_MESSAGE_WORDS) return joined;
  const asking =
    parts.filter((p) => p.raw.includes('?')).at(-1) ??
    parts.filter((p) => QUESTION_WORD_RE.test(p.stripped)).at(-1) ??
    parts.reduce((a, b) => (b.stripped.length > a.stripped.length ? b : a));
  return asking.stripped;
}
