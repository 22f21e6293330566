/**
 * Validation of Q&A entries coming from the admin API or an import file: one function, so that a
 * route, a JSON import and a CSV import refuse the same things with the same messages.
 */
import type { QaTranslations } from '../entities/index.js';
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
  /** The English version, used where the comune enables English (`{}` when there is none). */
  translations: QaTranslations;
}

/** Locales an entry may be translated into (the classifier's second language). */
export const TRANSLATION_LOCALES = ['en'] as const;

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
  const translations = validateTranslations(r.translations, fail);
  return {
    key,
    question,
    answer,
    phrasings: list(r.phrasings),
    tags: list(r.tags),
    linkUrl: link === '' ? null : link,
    imageMediaId: image === '' ? null : image,
    enabled: r.enabled === undefined ? true : (r.enabled as boolean),
    translations,
  };
}

function validateTranslations(raw: unknown, fail: (what: string) => never): QaTranslations {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return fail('translations must be an object such as {"en": {"question": …, "answer": …, "phrasings": […]}}.');
  const translations: QaTranslations = {};
  for (const [locale, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(TRANSLATION_LOCALES as readonly string[]).includes(locale)) fail(`translations.${locale}: only ${TRANSLATION_LOCALES.join(', ')} is supported besides Italian.`);
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) fail(`translations.${locale} must be an object with question, answer and phrasings.`);
    const t = value as Record<string, unknown>;
    if (t.phrasings !== undefined && !Array.isArray(t.phrasings)) fail(`translations.${locale}.phrasings must be a list of strings.`);
    const question = str(t.question);
    const answer = str(t.answer);
    const phrasings = list(t.phrasings);
    if (question === '' && answer === '' && phrasings.length === 0) continue;
    if (answer === '') fail(`translations.${locale}.answer is required: write what the bot replies in that language.`);
    if (question === '' && phrasings.length === 0) fail(`translations.${locale} needs the question or at least one phrasing in that language, so the bot can recognise it.`);
    if (question.length > 500) fail(`translations.${locale}.question must be at most 500 characters.`);
    translations[locale as 'en'] = { question, answer, phrasings };
  }
  return translations;
}
