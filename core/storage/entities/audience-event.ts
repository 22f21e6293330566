import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/** What an audience event records. */
export const AUDIENCE_EVENT_KINDS = ['joined', 'left', 'subscribed', 'unsubscribed'] as const;
export type AudienceEventKind = (typeof AUDIENCE_EVENT_KINDS)[number];

/**
 * One change of a comune's audience, append-only: a channel identity joined or left (erased), a person
 * subscribed to or unsubscribed from a category, on the channel of the identity they used. No person
 * link on purpose: the numbers survive an erasure and hold nothing to erase. Written by
 * `AudienceRecorder` in the transaction that changed the audience; `AudienceRollup` sums it into
 * `audience_day`.
 *
 * @example
 * await em.find(AudienceEvent, { kind: 'joined', channel: 'telegram' });
 */
export const AudienceEvent = defineEntity({
  name: 'AudienceEvent',
  tableName: 'audience_event',
  filters: tenantScope,
  indexes: [{ properties: ['tenant', 'createdAt'] }],
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    // A string, not an enum: MikroORM 6.6's SQLite diff misreads some enum checks (see Notice).
    kind: p.string().length(16),
    channel: p.string().length(32),
    /** The category of a (un)subscription; null for joined/left. No foreign key: history outlives a deleted category. */
    categoryId: p.integer().nullable(),
    createdAt: p.datetime(),
  }),
});
export type AudienceEvent = InferEntity<typeof AudienceEvent>;
