import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';

/**
 * Inbox states: `new` to look at, `uncertain` (the bot only offered "Forse intendevi…": see what the
 * person chose), `done` (handled), `ignored` (stays ignored when asked again).
 */
export const UNANSWERED_STATUSES = ['new', 'uncertain', 'done', 'ignored'] as const;
export type UnansweredStatus = (typeof UNANSWERED_STATUSES)[number];

/** A scored candidate entry as the inbox shows it. */
export interface StoredCandidate {
  entryId: number;
  score: number;
}

/**
 * A group of unanswered questions that are the same question: repeated or near-identical wordings
 * share one group (see `groupKey`), counted, listed most asked first. The operator acts on the group.
 * After a retrain `answeredBy*` says which entry the new model now answers it with.
 *
 * @example
 * await em.find(UnansweredGroup, { status: 'new' }, { orderBy: { count: 'desc' } });
 */
export const UnansweredGroup = defineEntity({
  name: 'UnansweredGroup',
  tableName: 'qa_unanswered_group',
  filters: tenantScope,
  // Not unique: two people asking a new question at the same instant may open two groups (harmless,
  // both listed) instead of failing one citizen's turn on a unique violation.
  indexes: [{ properties: ['tenant', 'groupKey'] }, { properties: ['tenant', 'status', 'count'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    /** Sorted content words of the first question (see `group-key.ts`). */
    groupKey: p.string().length(500),
    /** The most recent wording, as the citizen wrote it (display-normalised). */
    text: p.text(),
    // A string, not an enum: MikroORM 6.6's SQLite diff misreads some enum checks (see core's Notice).
    status: p.string().length(16).default('new'),
    count: p.integer().default(1),
    firstAskedAt: p.datetime(),
    lastAskedAt: p.datetime(),
    /** Top candidates of the latest ask, best first. */
    candidates: p.json<StoredCandidate[]>(),
    /** Set after a retrain when the new model answers this group. */
    answeredByEntryId: p.integer().nullable(),
    answeredScore: p.double().nullable(),
    answeredModelVersion: p.integer().nullable(),
  }),
});
export type UnansweredGroup = InferEntity<typeof UnansweredGroup>;
