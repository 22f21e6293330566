import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';

/** An operator's availability as the UI sets it. */
export const PRESENCE_STATUSES = ['online', 'away', 'offline'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

/**
 * Whether an operator is there: set from the UI and renewed by its heartbeat; past `expiresAt` the
 * operator counts as offline (their browser went away), in every process.
 *
 * @example
 * await em.count(OperatorPresence, { status: 'online', expiresAt: { $gt: new Date() } });
 */
export const OperatorPresence = defineEntity({
  name: 'OperatorPresence',
  tableName: 'handoff_presence',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'userId'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    userId: p.integer(),
    status: p.string().length(16),
    expiresAt: p.datetime(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type OperatorPresence = InferEntity<typeof OperatorPresence>;
