import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';
import { StaffMember } from './staff-member.js';

/**
 * A one-time invitation to link a chat to a staff member: a deep-link token (Telegram, web chat) signed
 * with the comune's secret over (comune, id, expiry), and a random short code (typed on WhatsApp). Only
 * their SHA-256 hashes are stored (see `invitation-token.ts`). Single use, expiring, revocable.
 */
export const StaffInvitation = defineEntity({
  name: 'StaffInvitation',
  tableName: 'staff_invitation',
  filters: tenantScope,
  uniques: [{ properties: ['tokenHash'] }, { properties: ['codeHash'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    member: p.manyToOne(StaffMember).deleteRule('cascade').index(),
    tokenHash: p.string().length(64),
    codeHash: p.string().length(64),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type StaffInvitation = InferEntity<typeof StaffInvitation>;
