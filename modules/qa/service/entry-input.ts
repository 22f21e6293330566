/**
 * Validation of Q&A entries coming from the admin API or an import file: one function, so that a
 * route, a JSON import and a CSV import refuse the same things with the same messages.
 */
import { QaServiceError } from './qa-service-error.js';

/** An entry as the admin API and import files describe it. */
export interface EntryInput {
  key: string;
  question: string;
  answer: string;
  phrasings: string[];
  tags: string[];
  linkUrl: string | null;
  imageMediaId: string | null;
  enabled: boolean;
}

/** `[a-z0-9-]`, 1–100 characters, starting with a letter or digit: the starter library's ids. */
export const ENTRY_KEY = /^[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * A key from a question: "Orari dell'anagrafe?" → "orari-dell-anagrafe".
 *
 * @example
 * keyFromQuestion('Quanto costa la CIE?'); // => "quanto-costa-la-cie"
 */
export function keyFromQuestion(question: string): string {
  const key = question
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return key || 'domanda';
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown): string[] =>
  Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string').map((x) => x.trim()).filter((x) => x !== ''))] : [];

/**
 * Check and clean one entry; `where` names it in the error ("entry 3", "CSV line 7").
 * Throws `QaServiceError(400, 'QA_INVALID_ENTRY')` with the fix.
 *
 * @example
 * validateEntry({ key: 'tari', question: 'Come pago la TARI?', answer: 'Con il modello F24.' }, 'entry 1');
 */
export function validateEntry(raw: unknown, where: string): EntryInput {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new QaServiceError(400, 'QA_INVALID_ENTRY', `${where}: an entry must be an object with key, question, answer and phrasings.`);
  }
  const r = raw as Record<string, unknown>;
  const question = str(r.question);
  const answer = str(r.answer);
  const key = str(r.key ?? r.id) || keyFromQuestion(question);
  const fail = (what: string): never => {
    throw new QaServiceError(400, 'QA_INVALID_ENTRY', `${where}${key ? ` ("${key}")` : ''}: ${what}`);
  };
  if (!ENTRY_KEY.test(key)) fail(`key "${key}" must be 1–100 lowercase letters, digits or dashes (e.g. "orari-anagrafe").`);
  if (question === '' || question.length > 500) fail('the question is required and must be at most 500 characters.');
  if (answer === '') fail('the answer is required: write what the bot replies.');
  if (r.phrasings !== undefined && !Array.isArray(r.phrasings)) fail('phrasings must be a list of strings.');
  if (r.tags !== undefined && !Array.isArray(r.tags)) fail('tags must be a list of strings.');
  const link = str(r.linkUrl ?? r.link);
  if (link !== '' && !/^https?:\/\/\S+$/i.test(link)) fail(`the link "${link}" must be an http(s) URL.`);
  const image = str(r.imageMediaId);
  if (r.enabled !== undefined && typeof r.enabled !== 'boolean') fail('enabled must be true or false.');
  return {
    key,
    question,
    answer,
    phrasings: list(r.phrasings),
    tags: list(r.tags),
    linkUrl: link === '' ? null : link,
    imageMediaId: image === '' ? null : image,
    enabled: r.enabled === undefined ? true : (r.enabled as boolean),
  };
}
