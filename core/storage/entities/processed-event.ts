import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/**
 * Inbound event ids already handled, so a channel's redelivery is processed once. Written in the same
 * transaction as the turn's changes; old rows are pruned.
 *
 * @example
 * const seen = await em.count(ProcessedEvent, { channel, account, eventId });
 */
export const ProcessedEvent = defineEntity({
  name: 'ProcessedEvent',
  tableName: 'processed_event',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'channel', 'account', 'eventId'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    channel: p.string().length(32),
    account: p.string().length(64),
    eventId: p.string().length(128),
    createdAt: p.datetime().onCreate(() => new Date()).index(),
  }),
});
export type ProcessedEvent = InferEntity<typeof ProcessedEvent>;
