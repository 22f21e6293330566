import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ChannelIdentity, Person, Tenant, tenantScope } from '../../../core/internal.js';

/**
 * Where a handoff stands: `waiting` for an operator (someone is online), `live` with one, `deferred`
 * (nobody online or outside office hours: answered later, in the same chat), `closed` (back to the bot).
 */
export const HANDOFF_STATES = ['waiting', 'live', 'deferred', 'closed'] as const;
export type HandoffState = (typeof HANDOFF_STATES)[number];

/** The states in which what the person sends goes to the operators, not to the bot. */
export const OPEN_STATES: readonly HandoffState[] = ['waiting', 'live', 'deferred'];

/**
 * One request of a person to talk to someone at the town hall, from the request to the close: who
 * (person and the channel identity answers go to), where it stands, which operator or office has it,
 * the times the statistics read (waiting since, first answer, close) and the person's rating.
 *
 * @example
 * await em.find(HandoffConversation, { state: { $in: ['waiting', 'deferred'] } }, { orderBy: { waitingSince: 'asc' } });
 */
export const HandoffConversation = defineEntity({
  name: 'HandoffConversation',
  tableName: 'handoff_conversation',
  filters: tenantScope,
  indexes: [{ properties: ['tenant', 'state', 'waitingSince'] }, { properties: ['person', 'state'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    person: p.manyToOne(Person).deleteRule('cascade'),
    /** The chat the person asked from: operator answers go there. */
    identity: p.manyToOne(ChannelIdentity).deleteRule('cascade').index(),
    // A string, not an enum: MikroORM 6.6's SQLite diff misreads some enum checks (see core's Notice).
    state: p.string().length(16),
    /** The admin user who has it (`live`), or had it last. */
    operatorId: p.integer().nullable(),
    /** An office it was transferred to (any operator of the comune may take it). */
    office: p.string().length(100).nullable(),
    requestedAt: p.datetime(),
    /** Since when the person waits for an answer (reset by a transfer back to the queue). */
    waitingSince: p.datetime(),
    firstResponseAt: p.datetime().nullable(),
    /** The last message either way: the idle auto-close reads it. */
    lastActivityAt: p.datetime(),
    closedAt: p.datetime().nullable(),
    /** `operator`, `citizen`, `idle` (auto-close). */
    closedBy: p.string().length(16).nullable(),
    /** 1–5, or 1/5 for 👎/👍; null until the person rates. */
    rating: p.integer().nullable(),
  }),
});
export type HandoffConversation = InferEntity<typeof HandoffConversation>;
