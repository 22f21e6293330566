/**
 * The Q&A library of one tenant: list, read, create, update, delete entries, and the training text
 * the classifier learns from. Every function takes the tenant-scoped entity manager of the caller
 * (an admin request's `em`) and flushes its own changes.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { QaTrainingEntry } from '../nlp/index.js';
import { QaEntry } from '../entities/index.js';
import { assertAnswerImages } from './answer-image.js';
import { validateEntry, type EntryInput } from './entry-input.js';
import { QaServiceError } from './qa-service-error.js';

/** An entry as the admin API returns it. */
export interface EntryDto extends EntryInput {
  id: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * The admin API's view of an entry.
 *
 * @example
 * toEntryDto(entry).phrasings.length; // => 8
 */
export function toEntryDto(entry: QaEntry): EntryDto {
  return {
    id: entry.id,
    key: entry.key,
    question: entry.question,
    answer: entry.answer,
    phrasings: [...entry.phrasings],
    tags: [...entry.tags],
    linkUrl: entry.linkUrl ?? null,
    imageMediaId: entry.imageMediaId ?? null,
    enabled: entry.enabled,
    translations: entry.translations ?? {},
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
  };
}

/**
 * What the classifier trains for an entry: its phrasings, the canonical question, and the tags as one
 * keyword line (a real library always has them; see docs/qa-evaluation.md); and, where the comune
 * enables English (`locales`), the English question and phrasings into the same entry. Disabled
 * entries are left out.
 *
 * @example
 * const training = libraryToTrainingEntries(await em.find(QaEntry, {}), tenant.locales);
 * await trainInWorker(training);
 */
export function libraryToTrainingEntries(entries: readonly QaEntry[], locales: readonly string[] = ['it']): QaTrainingEntry[] {
  const filled = (texts: readonly string[]) => texts.filter((p) => p.trim() !== '');
  return entries
    .filter((e) => e.enabled)
    .map((e) => {
      const english = locales.includes('en') ? e.translations?.en : undefined;
      return {
        entryId: String(e.id),
        phrasings: filled([e.question, e.tags.join(' '), ...e.phrasings]),
        ...(english ? { phrasingsEn: filled([english.question, ...english.phrasings]) } : {}),
      };
    });
}

/** Query of `listEntries`. */
export interface EntryQuery {
  /** Substring of the key, question or answer (case-insensitive). */
  q?: string;
  tag?: string;
  enabled?: boolean;
  limit?: number;
  offset?: number;
}

/**
 * Entries of the library, by key, filtered; `total` counts every match.
 *
 * @example
 * const { total, items } = await listEntries(em, { tag: 'rifiuti', limit: 20 });
 */
export async function listEntries(em: SqlEntityManager, query: EntryQuery = {}): Promise<{ total: number; items: EntryDto[] }> {
  // Filtered in memory: a library is tens to a few hundred entries, and the text match must fold
  // case the same way on SQLite and PostgreSQL.
  const all = await em.find(QaEntry, {}, { orderBy: { key: 'asc' } });
  const q = query.q?.toLocaleLowerCase('it');
  const matching = all.filter(
    (e) =>
      (query.enabled === undefined || e.enabled === query.enabled) &&
      (!query.tag || e.tags.includes(query.tag)) &&
      (!q || [e.key, e.question, e.answer].some((s) => s.toLocaleLowerCase('it').includes(q))),
  );
  const offset = query.offset ?? 0;
  return { total: matching.length, items: matching.slice(offset, offset + (query.limit ?? 100)).map(toEntryDto) };
}

/**
 * One entry, or a 404 `QaServiceError`.
 *
 * @example
 * const entry = await findEntry(em, 12);
 */
export async function findEntry(em: SqlEntityManager, id: number): Promise<QaEntry> {
  const entry = Number.isInteger(id) ? await em.findOne(QaEntry, { id }) : null;
  if (!entry) throw new QaServiceError(404, 'QA_NOT_FOUND', `Q&A entry ${id} does not exist: list the entries with GET …/qa/entries.`);
  return entry;
}

async function assertKeyFree(em: SqlEntityManager, key: string, exceptId?: number): Promise<void> {
  const other = await em.findOne(QaEntry, { key });
  if (other && other.id !== exceptId) {
    throw new QaServiceError(409, 'QA_DUPLICATE_KEY', `Another entry already uses the key "${key}" (id ${other.id}): choose another key or edit that entry.`);
  }
}

/**
 * Create an entry (validated); 409 if the key is taken.
 *
 * @example
 * const dto = await createEntry(em, tenantId, { key: 'tari', question: 'Come pago la TARI?', answer: 'Con F24.', phrasings: ['tari'] });
 */
export async function createEntry(em: SqlEntityManager, tenantId: number, body: unknown): Promise<EntryDto> {
  const input = validateEntry(body, 'entry');
  await assertKeyFree(em, input.key);
  await assertAnswerImages(em, [input], 'QA_INVALID_ENTRY');
  const entry = em.create(QaEntry, { tenant: tenantId, ...input });
  await em.flush();
  return toEntryDto(entry);
}

/**
 * Replace an entry's fields (validated); 404 if missing, 409 if the new key is taken.
 *
 * @example
 * await updateEntry(em, 12, { ...dto, answer: 'Nuovo orario: 9–13.' });
 */
export async function updateEntry(em: SqlEntityManager, id: number, body: unknown): Promise<EntryDto> {
  const entry = await findEntry(em, id);
  const input = validateEntry({ key: entry.key, ...(body as object) }, `entry ${id}`);
  await assertKeyFree(em, input.key, entry.id);
  await assertAnswerImages(em, [input], 'QA_INVALID_ENTRY');
  em.assign(entry, input);
  await em.flush();
  return toEntryDto(entry);
}

/**
 * Delete an entry; the current model keeps answering with it until the next training, so the bot
 * never answers with a deleted entry's text: `answerFor` skips entries that no longer exist.
 *
 * @example
 * await deleteEntry(em, 12);
 */
export async function deleteEntry(em: SqlEntityManager, id: number): Promise<void> {
  const entry = await findEntry(em, id);
  em.remove(entry);
  await em.flush();
}

/**
 * Add phrasings to an entry, skipping ones it already has (compared case-insensitively).
 *
 * @example
 * addPhrasings(entry, ['orari camposanto']);
 */
export function addPhrasings(entry: QaEntry, phrasings: readonly string[]): void {
  const known = new Set(entry.phrasings.map((p) => p.toLocaleLowerCase('it')));
  const added = phrasings.map((p) => p.trim()).filter((p) => p !== '' && !known.has(p.toLocaleLowerCase('it')));
  if (added.length > 0) entry.phrasings = [...entry.phrasings, ...new Set(added)];
}
