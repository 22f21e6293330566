import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';

/**
 * A member of the comune's staff (personal data: erased with `eraseStaffMember`). Only an active
 * member linked to a channel identity reaches the staff side of the bot.
 *
 * @example
 * await em.find(StaffMember, { active: true });
 */
export const StaffMember = defineEntity({
  name: 'StaffMember',
  tableName: 'staff_member',
  filters: tenantScope,
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    name: p.string().length(200),
    /** Role or qualification ("Operaio", "Agente di polizia locale"). */
    role: p.string().length(200).default(''),
    phone: p.string().length(40).nullable(),
    email: p.string().length(200).nullable(),
    active: p.boolean().default(true),
    /** Toggled in the chat; matters for groups with `onDutyMode`. */
    onDuty: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type StaffMember = InferEntity<typeof StaffMember>;
