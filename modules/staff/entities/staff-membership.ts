import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';
import { StaffGroup } from './staff-group.js';
import { StaffMember } from './staff-member.js';

/** A member belongs to a group (many to many, one row per pair). */
export const StaffMembership = defineEntity({
  name: 'StaffMembership',
  tableName: 'staff_membership',
  filters: tenantScope,
  uniques: [{ properties: ['member', 'group'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    member: p.manyToOne(StaffMember).deleteRule('cascade'),
    group: p.manyToOne(StaffGroup).deleteRule('cascade').index(),
  }),
});
export type StaffMembership = InferEntity<typeof StaffMembership>;
