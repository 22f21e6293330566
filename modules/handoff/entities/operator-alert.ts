import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ChannelIdentity, Tenant, tenantScope } from '../../../core/internal.js';

/**
 * An operator's own chat for alerts: the Telegram identity they linked (a one-time deep link from the
 * admin UI, `/start hop_<token>`), and whether a new waiting person messages them there (off until they
 * turn it on). One row per operator of a comune.
 *
 * @example
 * await em.find(OperatorAlert, { telegram: true, identity: { $ne: null } });
 */
export const OperatorAlert = defineEntity({
  name: 'OperatorAlert',
  tableName: 'handoff_operator_alert',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'userId'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    userId: p.integer(),
    /** The linked chat; null until linked, and again when the chat's person is erased. */
    identity: p.manyToOne(ChannelIdentity).deleteRule('set null').nullable().index(),
    /** SHA-256 of the pending link token (never the token itself), and when it stops working. */
    linkTokenHash: p.string().length(64).nullable().index(),
    linkExpiresAt: p.datetime().nullable(),
    /** Message this operator's linked Telegram chat when a person starts waiting. */
    telegram: p.boolean().default(false),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type OperatorAlert = InferEntity<typeof OperatorAlert>;
