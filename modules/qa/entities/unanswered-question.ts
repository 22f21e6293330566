import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Person, Tenant, tenantScope } from '../../../core/internal.js';
import { UnansweredGroup, type StoredCandidate } from './unanswered-group.js';

/** What happened to a logged question. */
export const QUESTION_OUTCOMES = ['fallback', 'uncertain'] as const;
export type QuestionOutcome = (typeof QUESTION_OUTCOMES)[number];
/** States of a suggested phrasing (a person's tap on "Forse intendevi…"). */
export const SUGGESTION_STATUSES = ['pending', 'approved', 'dismissed'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/**
 * One question the bot could not answer (or only asked back about), as one person asked it: the text, who (erased with the
 * person), on which channel, when, and the candidates the model considered. Rows hang on their
 * `UnansweredGroup`, whose `count` is the number of rows.
 *
 * @example
 * em.create(UnansweredQuestion, { tenant, group, person, text: 'orari camposanto', channel: 'telegram',
 *   askedAt: new Date(), candidates: [] });
 */
export const UnansweredQuestion = defineEntity({
  name: 'UnansweredQuestion',
  tableName: 'qa_unanswered_question',
  filters: tenantScope,
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    group: p.manyToOne(UnansweredGroup).deleteRule('cascade').index(),
    person: p.manyToOne(Person).deleteRule('cascade').nullable().index(),
    text: p.text(),
    channel: p.string().length(32),
    askedAt: p.datetime(),
    candidates: p.json<StoredCandidate[]>(),
    /** `fallback` ("non lo so") or `uncertain` (the bot offered "Forse intendevi…"). */
    outcome: p.string().length(16).default('fallback'),
    /** The part of the message that was classified (greetings and politeness out); null before it existed. */
    asked: p.text().nullable(),
    /** For an `uncertain` one: null while the person has not chosen, `entry` (see `chosenEntryId`) or `none`. */
    choice: p.string().length(16).nullable(),
    chosenEntryId: p.integer().nullable(),
    /** The person's choice as a suggested phrasing: `pending` (to approve), `approved`, `dismissed`. */
    suggestion: p.string().length(16).nullable().index(),
  }),
});
export type UnansweredQuestion = InferEntity<typeof UnansweredQuestion>;
