/**
 * Import and export of a tenant's Q&A library as JSON (the format of nlp-models/starter/it.json) or
 * CSV (one entry a row, for spreadsheets). An import is all or nothing: a malformed file changes
 * nothing and says which entry or line to fix.
 */
import { readFile } from 'node:fs/promises';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { QaEntry } from '../entities/index.js';
import { assertAnswerImages } from './answer-image.js';
import { CsvError, parseCsv, writeCsv } from '../../../core/internal.js';
import { validateEntry, type EntryInput } from './entry-input.js';
import { QaServiceError } from './qa-service-error.js';

/** File formats of the library. */
export type LibraryFormat = 'json' | 'csv';

/** `merge` adds and updates by key; `replace` also deletes the entries the file does not have. */
export type ImportMode = 'merge' | 'replace';

/** CSV columns, in order. Lists inside a cell are separated by `CSV_LIST_SEPARATOR`. */
export const CSV_COLUMNS = ['key', 'question', 'answer', 'phrasings', 'tags', 'link', 'enabled', 'image', 'question_en', 'answer_en', 'phrasings_en'] as const;

/** " | " separates phrasings and tags inside one CSV cell (commas occur in phrasings). */
export const CSV_LIST_SEPARATOR = ' | ';

/** The starter library shipped with Campanile. */
export const STARTER_LIBRARY = new URL('../../../nlp-models/starter/it.json', import.meta.url);

const bad = (message: string): never => {
  throw new QaServiceError(400, 'QA_BAD_IMPORT', message);
};

/**
 * Parse and validate a JSON library (`{"format":"campanile-qa-library","version":1,"entries":[…]}`
 * or a bare array of entries).
 *
 * @example
 * parseJsonLibrary('{"entries":[{"id":"tari","question":"TARI?","answer":"F24","phrasings":["tari"]}]}');
 */
export function parseJsonLibrary(content: string): EntryInput[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    return bad(`The file is not valid JSON (${(error as Error).message}): export a library to see the expected shape.`);
  }
  const entries = Array.isArray(parsed) ? parsed : (parsed as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) return bad('The JSON library needs an "entries" list: {"format":"campanile-qa-library","version":1,"entries":[…]}.');
  const format = (parsed as { format?: unknown }).format;
  if (!Array.isArray(parsed) && format !== undefined && format !== 'campanile-qa-library') {
    return bad(`The JSON file is a "${String(format)}", not a "campanile-qa-library": export a library to see the expected shape.`);
  }
  return checkUnique(entries.map((raw, i) => validateEntry(raw, `entry ${i + 1}`)));
}

/**
 * Parse and validate a CSV library with the header
 * `key,question,answer,phrasings,tags,link,enabled,image,question_en,answer_en,phrasings_en`
 * (only `question` and `answer` are required; `image` is an uploaded image's media id, the `_en`
 * columns the English version).
 *
 * @example
 * parseCsvLibrary('key,question,answer,phrasings\r\ntari,TARI?,F24,tari | pagare la tari\r\n');
 */
export function parseCsvLibrary(content: string): EntryInput[] {
  let rows: string[][];
  try {
    rows = parseCsv(content);
  } catch (error) {
    return bad(error instanceof CsvError ? `${error.message}` : String(error));
  }
  const header = rows[0]?.map((h) => h.trim().toLowerCase());
  if (!header || !['question', 'answer'].every((c) => header.includes(c))) {
    return bad(`The CSV needs a header row with at least "question" and "answer"; expected: ${CSV_COLUMNS.join(',')}.`);
  }
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0) return bad(`Unknown CSV column(s) ${unknown.join(', ')}: use ${CSV_COLUMNS.join(',')}.`);
  const split = (cell: string | undefined): string[] => (cell ?? '').split(CSV_LIST_SEPARATOR.trim()).map((s) => s.trim()).filter((s) => s !== '');
  const entries = rows.slice(1).map((cells, i) => {
    const where = `CSV row ${i + 2}`;
    if (cells.length !== header.length) bad(`${where}: ${cells.length} fields for ${header.length} columns; quote fields that contain commas.`);
    const cell = (name: string): string | undefined => {
      const index = header.indexOf(name);
      return index < 0 ? undefined : cells[index];
    };
    const enabled = (cell('enabled') ?? '').trim().toLowerCase();
    if (enabled !== '' && !['true', 'false', 'sì', 'si', 'no', '1', '0'].includes(enabled)) bad(`${where}: enabled must be true or false, not "${enabled}".`);
    return validateEntry(
      {
        key: cell('key') ?? '',
        question: cell('question'),
        answer: cell('answer'),
        phrasings: split(cell('phrasings')),
        tags: split(cell('tags')),
        link: cell('link') ?? '',
        imageMediaId: cell('image') ?? '',
        translations: { en: { question: cell('question_en') ?? '', answer: cell('answer_en') ?? '', phrasings: split(cell('phrasings_en')) } },
        enabled: enabled === '' ? true : ['true', 'sì', 'si', '1'].includes(enabled),
      },
      where,
    );
  });
  return checkUnique(entries);
}

function checkUnique(entries: EntryInput[]): EntryInput[] {
  if (entries.length === 0) bad('The file has no entries: add at least one (two or more are needed to train).');
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.key)) bad(`The key "${e.key}" appears twice in the file: merge the two entries or rename one.`);
    seen.add(e.key);
  }
  return entries;
}

/** What an import changed. */
export interface ImportResult {
  created: number;
  updated: number;
  deleted: number;
}

/**
 * Import a library file in one transaction (upsert by key).
 *
 * @example
 * await importLibrary(em, tenantId, { format: 'csv', content, mode: 'merge' }); // => { created: 3, updated: 1, deleted: 0 }
 */
export async function importLibrary(
  em: SqlEntityManager,
  tenantId: number,
  request: { format: LibraryFormat; content: string; mode?: ImportMode },
): Promise<ImportResult> {
  let entries: EntryInput[];
  try {
    entries = request.format === 'csv' ? parseCsvLibrary(request.content) : parseJsonLibrary(request.content);
  } catch (error) {
    // One code for every problem of an import file; the message names the entry or line.
    if (error instanceof QaServiceError && error.code === 'QA_INVALID_ENTRY') throw new QaServiceError(400, 'QA_BAD_IMPORT', error.message);
    throw error;
  }
  await assertAnswerImages(em, entries, 'QA_BAD_IMPORT');
  return em.transactional(async (tx) => {
    const existing = new Map((await tx.find(QaEntry, {})).map((e) => [e.key, e]));
    const result: ImportResult = { created: 0, updated: 0, deleted: 0 };
    for (const input of entries) {
      const entry = existing.get(input.key);
      if (entry) {
        tx.assign(entry, input);
        result.updated += 1;
      } else {
        tx.create(QaEntry, { tenant: tenantId, ...input });
        result.created += 1;
      }
    }
    if (request.mode === 'replace') {
      const keep = new Set(entries.map((e) => e.key));
      for (const [key, entry] of existing) {
        if (keep.has(key)) continue;
        tx.remove(entry);
        result.deleted += 1;
      }
    }
    return result;
  });
}

/**
 * Import the starter library (nlp-models/starter/it.json, 42 common questions of an Italian comune).
 *
 * @example
 * await importStarter(em, tenantId); // => { created: 42, updated: 0, deleted: 0 }
 */
export async function importStarter(em: SqlEntityManager, tenantId: number, mode: ImportMode = 'merge'): Promise<ImportResult> {
  return importLibrary(em, tenantId, { format: 'json', content: await readFile(STARTER_LIBRARY, 'utf8'), mode });
}

/** An exported file: what to offer as a download. */
export interface ExportedLibrary {
  format: LibraryFormat;
  filename: string;
  contentType: string;
  content: string;
}

/**
 * Export the library (disabled entries included, with `enabled: false`).
 *
 * @example
 * const { filename, content } = await exportLibrary(em, 'csv', 'esempio'); // 'qa-esempio.csv'
 */
export async function exportLibrary(em: SqlEntityManager, format: LibraryFormat, tenantSlug: string): Promise<ExportedLibrary> {
  const entries = await em.find(QaEntry, {}, { orderBy: { key: 'asc' } });
  if (format === 'csv') {
    const rows = entries.map((e) => [
      e.key, e.question, e.answer, e.phrasings.join(CSV_LIST_SEPARATOR), e.tags.join(CSV_LIST_SEPARATOR), e.linkUrl ?? '', String(e.enabled), e.imageMediaId ?? '',
      e.translations?.en?.question ?? '', e.translations?.en?.answer ?? '', (e.translations?.en?.phrasings ?? []).join(CSV_LIST_SEPARATOR),
    ]);
    return { format, filename: `qa-${tenantSlug}.csv`, contentType: 'text/csv; charset=utf-8', content: writeCsv([[...CSV_COLUMNS], ...rows]) };
  }
  const library = {
    format: 'campanile-qa-library',
    version: 1,
    language: 'it',
    entries: entries.map((e) => ({
      id: e.key, question: e.question, answer: e.answer, ...(e.linkUrl ? { link: e.linkUrl } : {}),
      ...(e.imageMediaId ? { imageMediaId: e.imageMediaId } : {}), tags: e.tags, enabled: e.enabled, phrasings: e.phrasings,
      ...(e.translations?.en ? { translations: e.translations } : {}),
    })),
  };
  return { format, filename: `qa-${tenantSlug}.json`, contentType: 'application/json', content: JSON.stringify(library, null, 2) + '\n' };
}
