import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ChannelIdentity, Tenant, tenantScope } from '../../../core/internal.js';
import { StaffMember } from './staff-member.js';

/**
 * A channel identity (a Telegram chat, a WhatsApp number) that is this staff member, made by
 * accepting an invitation. One identity is at most one member; a member may have several identities.
 */
export const StaffLink = defineEntity({
  name: 'StaffLink',
  tableName: 'staff_link',
  filters: tenantScope,
  uniques: [{ properties: ['identity'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    member: p.manyToOne(StaffMember).deleteRule('cascade').index(),
    identity: p.manyToOne(ChannelIdentity).deleteRule('cascade'),
    linkedAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type StaffLink = InferEntity<typeof StaffLink>;
