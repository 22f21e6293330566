/**
 * The unanswered-questions inbox: logging a question the bot could not answer (grouped with the same
 * or a near-identical question), listing groups most asked first, and the operator's actions on a
 * group: add it as a phrasing of an entry, create an entry from it, ignore it, reopen it.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Person } from '../../../core/internal.js';
import { normalizeText, type QaCandidate } from '../nlp/index.js';
import { QaEntry, UnansweredGroup, UnansweredQuestion, type QuestionOutcome, type StoredCandidate, type UnansweredStatus } from '../entities/index.js';
import { groupKey, similarKey } from './group-key.js';
import { addPhrasings, createEntry, findEntry, toEntryDto, type EntryDto } from './library-service.js';
import { keyFromQuestion } from './entry-input.js';
import { QaServiceError } from './qa-service-error.js';

/**
 * How many recent groups a new question is compared with for near-identical grouping. 300 groups ×
 * one 3-gram Jaccard each costs ~1 ms; older groups still match exactly by key.
 */
const FUZZY_WINDOW = 300;

/** One logged question, as the free-text handler reports it. */
export interface UnansweredInput {
  tenantId: number;
  person: Person | null;
  channel: string;
  text: string;
  candidates: readonly QaCandidate[];
  /** `uncertain` when the bot offered "Forse intendevi…" instead of falling back (default `fallback`). */
  outcome?: QuestionOutcome;
  /** The part of the message that was classified (the full text stays in `text`). */
  asked?: string;
  at?: Date;
}

const toStored = (candidates: readonly QaCandidate[]): StoredCandidate[] =>
  candidates.map((c) => ({ entryId: Number(c.entryId), score: Number(c.score.toFixed(4)) })).filter((c) => Number.isInteger(c.entryId));

/**
 * Log a question into its group (exact key, else a near-identical recent key, else a new group).
 * A `done` group asked again is open again (the bot still cannot answer it); an `ignored` one stays
 * ignored and only counts. Nothing is flushed: in a turn the engine commits it with the reply.
 *
 * @example
 * await logUnanswered(ctx.em, { tenantId: ctx.tenant.id, person: ctx.person, channel: 'telegram',
 *   text: 'orari camposanto?', candidates: result.candidates });
 */
export async function logUnanswered(em: SqlEntityManager, input: UnansweredInput): Promise<{ group: UnansweredGroup; question: UnansweredQuestion }> {
  const key = groupKey(input.text);
  const at = input.at ?? new Date();
  const candidates = toStored(input.candidates);
  const text = normalizeText(input.text).slice(0, 2000);
  let group = await em.findOne(UnansweredGroup, { groupKey: key }, { orderBy: { id: 'asc' } });
  if (!group) {
    const recent = await em.find(UnansweredGroup, {}, { orderBy: { lastAskedAt: 'desc' }, limit: FUZZY_WINDOW, fields: ['id', 'groupKey'] });
    const near = similarKey(key, recent.map((g) => g.groupKey));
    const match = near === undefined ? undefined : recent.find((g) => g.groupKey === near);
    if (match) group = await em.findOneOrFail(UnansweredGroup, { id: match.id });
  }
  const outcome = input.outcome ?? 'fallback';
  if (group) {
    group.count += 1;
    group.lastAskedAt = at;
    group.text = text;
    group.candidates = candidates;
    // A fallback makes the group a question to handle; a clarification only marks a handled one.
    if (outcome === 'fallback' && (group.status === 'done' || group.status === 'uncertain')) group.status = 'new';
    if (outcome === 'uncertain' && group.status === 'done') group.status = 'uncertain';
  } else {
    group = em.create(UnansweredGroup, {
      tenant: input.tenantId, groupKey: key, text, status: outcome === 'uncertain' ? 'uncertain' : 'new', count: 1, firstAskedAt: at, lastAskedAt: at, candidates,
      answeredByEntryId: null, answeredScore: null, answeredModelVersion: null,
    });
  }
  const asked = input.asked === undefined ? null : normalizeText(input.asked).slice(0, 2000);
  const question = em.create(UnansweredQuestion, {
    tenant: input.tenantId, group, person: input.person, text, channel: input.channel, askedAt: at, candidates,
    outcome, asked: asked === text ? null : asked, choice: null, chosenEntryId: null, suggestion: null,
  });
  return { group, question };
}

/** A candidate entry with its question, for the operator. */
export interface CandidateDto {
  entryId: number;
  key: string;
  question: string;
  score: number;
}

/** A group as the inbox lists it. */
export interface GroupDto {
  id: number;
  text: string;
  status: UnansweredStatus;
  count: number;
  firstAskedAt: string;
  lastAskedAt: string;
  /** Up to 5 distinct wordings, newest first. */
  examples: string[];
  channels: string[];
  candidates: CandidateDto[];
  /** Set when the latest model answers this question (shown after a retrain). */
  nowAnswered: CandidateDto | null;
  /** How many times the bot asked "Forse intendevi…" for it, and what people chose. */
  clarifications: { offered: number; none: number; pending: number; chosen: { entryId: number; key: string; question: string; count: number }[] };
}

async function toGroupDtos(em: SqlEntityManager, groups: readonly UnansweredGroup[]): Promise<GroupDto[]> {
  if (groups.length === 0) return [];
  const questions = await em.find(UnansweredQuestion, { group: { $in: groups.map((g) => g.id) } }, { orderBy: { askedAt: 'desc', id: 'desc' } });
  const entryIds = new Set<number>();
  for (const q of questions) if (q.chosenEntryId != null) entryIds.add(q.chosenEntryId);
  for (const g of groups) {
    for (const c of g.candidates) entryIds.add(c.entryId);
    if (g.answeredByEntryId !== null && g.answeredByEntryId !== undefined) entryIds.add(g.answeredByEntryId);
  }
  const entries = new Map((await em.find(QaEntry, { id: { $in: [...entryIds] } })).map((e) => [e.id, e]));
  const candidate = (entryId: number, score: number): CandidateDto | null => {
    const e = entries.get(entryId);
    return e ? { entryId, key: e.key, question: e.question, score } : null;
  };
  return groups.map((g) => {
    const own = questions.filter((q) => (typeof q.group === 'number' ? q.group : q.group.id) === g.id);
    return {
      id: g.id,
      text: g.text,
      status: g.status as UnansweredStatus,
      count: g.count,
      firstAskedAt: g.firstAskedAt.toISOString(),
      lastAskedAt: g.lastAskedAt.toISOString(),
      examples: [...new Set(own.map((q) => q.text))].slice(0, 5),
      channels: [...new Set(own.map((q) => q.channel))],
      candidates: g.candidates.map((c) => candidate(c.entryId, c.score)).filter((c): c is CandidateDto => c !== null),
      nowAnswered: g.answeredByEntryId != null ? candidate(g.answeredByEntryId, Number(g.answeredScore ?? 0)) : null,
      clarifications: clarificationsOf(own, entries),
    };
  });
}

function clarificationsOf(questions: readonly UnansweredQuestion[], entries: ReadonlyMap<number, QaEntry>): GroupDto['clarifications'] {
  const uncertain = questions.filter((q) => q.outcome === 'uncertain');
  const counts = new Map<number, number>();
  for (const q of uncertain) if (q.choice === 'entry' && q.chosenEntryId != null) counts.set(q.chosenEntryId, (counts.get(q.chosenEntryId) ?? 0) + 1);
  const chosen = [...counts].flatMap(([entryId, count]) => {
    const e = entries.get(entryId);
    return e ? [{ entryId, key: e.key, question: e.question, count }] : [];
  });
  return {
    offered: uncertain.length,
    none: uncertain.filter((q) => q.choice === 'none').length,
    pending: uncertain.filter((q) => q.choice === null).length,
    chosen: chosen.sort((a, b) => b.count - a.count),
  };
}

/** Query of `listInbox`. */
export interface InboxQuery {
  /** `open` (default): `new` and `uncertain`, what an operator has to look at. */
  status?: UnansweredStatus | 'all' | 'open';
  limit?: number;
  offset?: number;
}

/**
 * Groups, most asked first (then most recent), filtered by status (default `open`: new and uncertain).
 *
 * @example
 * const { total, items } = await listInbox(em, { status: 'new', limit: 50 });
 */
export async function listInbox(em: SqlEntityManager, query: InboxQuery = {}): Promise<{ total: number; items: GroupDto[] }> {
  const status = query.status ?? 'open';
  const where = status === 'all' ? {} : status === 'open' ? { status: { $in: ['new', 'uncertain'] } } : { status };
  const [groups, total] = await em.findAndCount(UnansweredGroup, where, {
    orderBy: { count: 'desc', lastAskedAt: 'desc', id: 'desc' },
    limit: query.limit ?? 50,
    offset: query.offset ?? 0,
  });
  return { total, items: await toGroupDtos(em, groups) };
}

async function findGroup(em: SqlEntityManager, id: number): Promise<UnansweredGroup> {
  const group = Number.isInteger(id) ? await em.findOne(UnansweredGroup, { id }) : null;
  if (!group) throw new QaServiceError(404, 'QA_NOT_FOUND', `Unanswered question ${id} does not exist: list the inbox with GET …/qa/inbox.`);
  return group;
}

/** Every distinct wording of a group, oldest first (what becomes training phrasings). */
async function wordings(em: SqlEntityManager, group: UnansweredGroup): Promise<string[]> {
  const questions = await em.find(UnansweredQuestion, { group: group.id }, { orderBy: { id: 'asc' } });
  return [...new Set([...questions.map((q) => q.text), group.text])];
}

/**
 * One group for the inbox view.
 *
 * @example
 * const dto = await getGroup(em, 5);
 */
export async function getGroup(em: SqlEntityManager, id: number): Promise<GroupDto> {
  return (await toGroupDtos(em, [await findGroup(em, id)]))[0] as GroupDto;
}

/**
 * Add the group's wordings as phrasings of an existing entry and mark the group done.
 *
 * @example
 * await addAsPhrasing(em, groupId, entryId); // then retrain
 */
export async function addAsPhrasing(em: SqlEntityManager, id: number, entryId: number): Promise<{ entry: EntryDto; group: GroupDto }> {
  const group = await findGroup(em, id);
  const entry = await findEntry(em, entryId);
  addPhrasings(entry, await wordings(em, group));
  group.status = 'done';
  await em.flush();
  return { entry: toEntryDto(entry), group: await getGroup(em, id) };
}

/**
 * Create a new entry from a group in one step: its wordings become the phrasings, the question
 * defaults to the group's text; the group is marked done.
 *
 * @example
 * await createEntryFrom(em, tenantId, groupId, { answer: 'Il cimitero apre alle 8.' });
 */
export async function createEntryFrom(
  em: SqlEntityManager,
  tenantId: number,
  id: number,
  body: { answer?: unknown; question?: unknown; key?: unknown; linkUrl?: unknown; tags?: unknown; phrasings?: unknown },
): Promise<{ entry: EntryDto; group: GroupDto }> {
  const group = await findGroup(em, id);
  const asked = await wordings(em, group);
  // The first wording, not the latest: later ones may be the near-identical variants (typos).
  const question = typeof body.question === 'string' && body.question.trim() !== '' ? body.question.trim() : capitalize(asked[0] ?? group.text);
  const extra = Array.isArray(body.phrasings) ? body.phrasings.filter((p): p is string => typeof p === 'string') : [];
  let key = typeof body.key === 'string' && body.key !== '' ? body.key : keyFromQuestion(question);
  if (body.key === undefined) key = await freeKey(em, key);
  const entry = await createEntry(em, tenantId, { ...body, key, question, phrasings: [...asked, ...extra] });
  group.status = 'done';
  await em.flush();
  return { entry, group: await getGroup(em, id) };
}

export async function freeKey(em: SqlEntityManager, key: string): Promise<string> {
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? key : `${key.slice(0, 95)}-${n}`;
    if (!(await em.findOne(QaEntry, { key: candidate }))) return candidate;
  }
}

/** The first letter in upper case (Italian rules). */
export const capitalize = (text: string): string => text.charAt(0).toLocaleUpperCase('it') + text.slice(1);

/**
 * Set a group's status: `ignored` (asked again, it stays ignored) or back to `new`.
 *
 * @example
 * await setGroupStatus(em, groupId, 'ignored');
 */
export async function setGroupStatus(em: SqlEntityManager, id: number, status: UnansweredStatus): Promise<GroupDto> {
  const group = await findGroup(em, id);
  group.status = status;
  await em.flush();
  return getGroup(em, id);
}

/**
 * Erasure hook: delete a person's logged questions, recount their groups, and delete groups left
 * empty (their text was this person's words). Runs in the erasure transaction.
 *
 * @example
 * api.onErase((em, person) => eraseUnanswered(em, person));
 */
export async function eraseUnanswered(em: SqlEntityManager, person: Person): Promise<void> {
  // The erasure transaction's em may not carry the tenant filter's parameter; person ids are global.
  const filters = { tenant: false } as const;
  const rows = await em.find(UnansweredQuestion, { person: person.id }, { filters });
  if (rows.length === 0) return;
  const groupIds = new Set(rows.map((q) => (typeof q.group === 'number' ? q.group : q.group.id)));
  await em.nativeDelete(UnansweredQuestion, { person: person.id }, { filters });
  await refreshGroups(em, groupIds);
}

/**
 * After some of their questions were deleted: each group's count and latest wording from the
 * questions left, and a group left with none deleted (its text was those people's words). Returns
 * how many groups were deleted.
 *
 * @example
 * const emptied = await refreshGroups(em, new Set([3, 7]));
 */
export async function refreshGroups(em: SqlEntityManager, groupIds: ReadonlySet<number>): Promise<number> {
  const filters = { tenant: false } as const;
  let deleted = 0;
  for (const groupId of groupIds) {
    const left = await em.find(UnansweredQuestion, { group: groupId }, { filters, orderBy: { askedAt: 'desc', id: 'desc' } });
    if (left.length === 0) {
      deleted += await em.nativeDelete(UnansweredGroup, { id: groupId }, { filters });
    } else {
      await em.nativeUpdate(UnansweredGroup, { id: groupId }, { count: left.length, text: left[0]?.text ?? '' }, { filters });
    }
  }
  return deleted;
}
