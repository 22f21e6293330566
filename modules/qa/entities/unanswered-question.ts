import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Person, Tenant, tenantScope } from '../../../core/internal.js';
import { UnansweredGroup, type StoredCandidate } from './unanswered-group.js';

/**
 * One question the bot could not answer, as one person asked it: the text, who (erased with the
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
  }),
});
export type UnansweredQuestion = InferEntity<typeof UnansweredQuestion>;
