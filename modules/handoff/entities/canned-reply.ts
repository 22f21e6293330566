import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';

/**
 * A ready answer of a comune's operators, with placeholders filled at send time (`{comune}`,
 * `{operatore}`).
 *
 * @example
 * em.create(HandoffCannedReply, { tenant, title: 'Orari', text: 'Il {comune} riceve lun–ven 9–12.' });
 */
export const HandoffCannedReply = defineEntity({
  name: 'HandoffCannedReply',
  tableName: 'handoff_canned_reply',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'title'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    title: p.string().length(100),
    text: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type HandoffCannedReply = InferEntity<typeof HandoffCannedReply>;
