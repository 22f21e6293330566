/**
 * "Forse intendevi…": what happens when a person answers the bot's clarification. Choosing an entry
 * records the choice on the logged question and offers its wording to the comune as a suggested
 * phrasing of that entry; "Nessuna di queste" records that and puts the question back among the ones
 * to handle. The suggested phrasings are listed and approved (one click: the phrasing is added and
 * the model retrained) from the admin API.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { QaEntry, UnansweredGroup, UnansweredQuestion, type SuggestionStatus } from '../entities/index.js';
import { addPhrasings, findEntry, toEntryDto, type EntryDto } from './library-service.js';
import { QaServiceError } from './qa-service-error.js';

/** Why a clarification tap could not be used. */
export type ChoiceProblem = 'unknown' | 'not-offered';

const groupIdOf = (q: UnansweredQuestion): number => (typeof q.group === 'number' ? q.group : q.group.id);
const personIdOf = (q: UnansweredQuestion): number | null => (q.person == null ? null : typeof q.person === 'number' ? q.person : q.person.id);

/** The person's own clarification, or null (another person's id in a forged payload is "unknown"). */
async function ownQuestion(em: SqlEntityManager, questionId: number, personId: number | null): Promise<UnansweredQuestion | null> {
  const question = Number.isInteger(questionId) ? await em.findOne(UnansweredQuestion, { id: questionId, outcome: 'uncertain' }) : null;
  return question && personIdOf(question) === personId ? question : null;
}

/**
 * Record "the person meant this entry": returns the enabled entry to answer with. A second tap on
 * the same clarification answers again without a second suggestion.
 *
 * @example
 * const r = await recordChoice(ctx.em, 12, 5, ctx.person.id); // { entry } or { problem: 'unknown' }
 */
export async function recordChoice(
  em: SqlEntityManager,
  questionId: number,
  entryId: number,
  personId: number | null,
): Promise<{ entry: QaEntry } | { problem: ChoiceProblem }> {
  const question = await ownQuestion(em, questionId, personId);
  if (!question) return { problem: 'unknown' };
  if (!question.candidates.some((c) => c.entryId === entryId)) return { problem: 'not-offered' };
  const entry = await em.findOne(QaEntry, { id: entryId, enabled: true });
  if (!entry) return { problem: 'not-offered' };
  if (question.choice === null) {
    Object.assign(question, { choice: 'entry', chosenEntryId: entryId, suggestion: 'pending' });
  }
  return { entry };
}

/**
 * Record "none of these": the group becomes a question to handle (status `new`). Returns false for an
 * unknown clarification.
 *
 * @example
 * await recordNone(ctx.em, 12, ctx.person.id);
 */
export async function recordNone(em: SqlEntityManager, questionId: number, personId: number | null): Promise<boolean> {
  const question = await ownQuestion(em, questionId, personId);
  if (!question) return false;
  if (question.choice === null) question.choice = 'none';
  const group = await em.findOne(UnansweredGroup, { id: groupIdOf(question) });
  if (group && group.status === 'uncertain') group.status = 'new';
  return true;
}

/** A suggested phrasing as the admin API lists it. */
export interface SuggestionDto {
  /** The logged question's id. */
  id: number;
  /** The phrasing to add: the asking part of the message. */
  phrasing: string;
  /** The whole message as written. */
  message: string;
  status: SuggestionStatus;
  askedAt: string;
  channel: string;
  entry: { id: number; key: string; question: string } | null;
}

async function toDtos(em: SqlEntityManager, rows: readonly UnansweredQuestion[]): Promise<SuggestionDto[]> {
  const ids = [...new Set(rows.map((r) => r.chosenEntryId).filter((id): id is number => typeof id === 'number'))];
  const entries = new Map((ids.length ? await em.find(QaEntry, { id: { $in: ids } }) : []).map((e) => [e.id, e]));
  return rows.map((r) => {
    const e = r.chosenEntryId == null ? undefined : entries.get(r.chosenEntryId);
    return {
      id: r.id, phrasing: r.asked ?? r.text, message: r.text, status: r.suggestion as SuggestionStatus, askedAt: r.askedAt.toISOString(), channel: r.channel,
      entry: e ? { id: e.id, key: e.key, question: e.question } : null,
    };
  });
}

/**
 * Suggested phrasings, newest first (default: the pending ones).
 *
 * @example
 * const { total, items } = await listSuggestions(em, { status: 'pending' });
 */
export async function listSuggestions(
  em: SqlEntityManager,
  query: { status?: SuggestionStatus | 'all'; limit?: number; offset?: number } = {},
): Promise<{ total: number; items: SuggestionDto[] }> {
  const status = query.status ?? 'pending';
  const where = status === 'all' ? { suggestion: { $ne: null } } : { suggestion: status };
  const [rows, total] = await em.findAndCount(UnansweredQuestion, where, { orderBy: { askedAt: 'desc', id: 'desc' }, limit: query.limit ?? 50, offset: query.offset ?? 0 });
  return { total, items: await toDtos(em, rows) };
}

async function findSuggestion(em: SqlEntityManager, id: number): Promise<UnansweredQuestion> {
  const row = Number.isInteger(id) ? await em.findOne(UnansweredQuestion, { id, suggestion: { $ne: null } }) : null;
  if (!row) throw new QaServiceError(404, 'QA_NOT_FOUND', `Suggested phrasing ${id} does not exist: list them with GET …/qa/suggestions.`);
  return row;
}

/**
 * Approve a suggestion: its phrasing is added to the chosen entry and the suggestion marked approved
 * (the route then retrains). Approving twice is a 409.
 *
 * @example
 * const { entry } = await approveSuggestion(em, 12);
 */
export async function approveSuggestion(em: SqlEntityManager, id: number): Promise<{ entry: EntryDto; suggestion: SuggestionDto }> {
  const row = await findSuggestion(em, id);
  if (row.suggestion !== 'pending') {
    throw new QaServiceError(409, 'QA_SUGGESTION_DONE', `Suggested phrasing ${id} is already ${row.suggestion}: nothing to approve.`);
  }
  if (row.chosenEntryId == null) throw new QaServiceError(409, 'QA_SUGGESTION_DONE', `Suggested phrasing ${id} has no entry: dismiss it.`);
  const entry = await findEntry(em, row.chosenEntryId);
  addPhrasings(entry, [row.asked ?? row.text]);
  row.suggestion = 'approved';
  // The group was answered through the person's choice: nothing left to handle.
  const group = await em.findOne(UnansweredGroup, { id: groupIdOf(row) });
  if (group && group.status === 'uncertain') group.status = 'done';
  await em.flush();
  return { entry: toEntryDto(entry), suggestion: (await toDtos(em, [row]))[0] as SuggestionDto };
}

/**
 * Dismiss a suggestion (it stays listed under `dismissed`).
 *
 * @example
 * await dismissSuggestion(em, 12);
 */
export async function dismissSuggestion(em: SqlEntityManager, id: number): Promise<SuggestionDto> {
  const row = await findSuggestion(em, id);
  row.suggestion = 'dismissed';
  await em.flush();
  return (await toDtos(em, [row]))[0] as SuggestionDto;
}
