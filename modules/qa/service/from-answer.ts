/**
 * Teaching the bot from a person's answer (an operator's reply in a handoff conversation, or any
 * other place where a citizen's question met a human answer): in one step, either a new entry (the
 * citizen's words as its first phrasing, the reply as its answer) or one more phrasing of an existing
 * entry. Plain texts in, so the Q&A module knows nothing of where they came from.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { keyFromQuestion } from './entry-input.js';
import { capitalize, freeKey } from './inbox-service.js';
import { addPhrasings, createEntry, findEntry, toEntryDto, type EntryDto } from './library-service.js';
import { QaServiceError } from './qa-service-error.js';

/** What the operator picked: the citizen's words and, for a new entry, the answer. */
export interface FromAnswerInput {
  readonly phrasing: string;
  readonly answer?: string;
  /** Add `phrasing` to this entry instead of creating one. */
  readonly entryId?: number;
  /** The new entry's question (default the citizen's words). */
  readonly question?: string;
}

/**
 * @example
 * await teachFromAnswer(em, tenantId, { phrasing: 'quando apre il cimitero', answer: 'Dalle 8 alle 18.' });
 * await teachFromAnswer(em, tenantId, { phrasing: 'orari camposanto', entryId: 12 });
 */
export async function teachFromAnswer(em: SqlEntityManager, tenantId: number, input: FromAnswerInput): Promise<{ entry: EntryDto; created: boolean }> {
  const phrasing = input.phrasing.trim();
  if (!phrasing) throw new QaServiceError(400, 'QA_INVALID_ENTRY', "phrasing is empty: give the citizen's question as they wrote it.");
  if (input.entryId !== undefined) {
    if (input.answer !== undefined || input.question !== undefined) {
      throw new QaServiceError(400, 'QA_INVALID_ENTRY', 'With entryId only the phrasing is added: leave out answer and question (edit the entry to change them).');
    }
    const entry = await findEntry(em, input.entryId);
    addPhrasings(entry, [phrasing]);
    await em.flush();
    return { entry: toEntryDto(entry), created: false };
  }
  const answer = input.answer?.trim() ?? '';
  if (!answer) throw new QaServiceError(400, 'QA_INVALID_ENTRY', 'answer is empty: a new entry needs the reply as its answer (or give entryId to add a phrasing to an existing entry).');
  const question = input.question?.trim() || capitalize(phrasing);
  const key = await freeKey(em, keyFromQuestion(question));
  return { entry: await createEntry(em, tenantId, { key, question, answer, phrasings: [phrasing] }), created: true };
}
