import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';

/**
 * A group of staff members ("Squadra manutenzioni", "Protezione civile"): tasks are sent to groups.
 * With `onDutyMode` a task reaches only the members on duty (the whole group when nobody is).
 *
 * @example
 * await em.find(StaffGroup, {}, { orderBy: { name: 'asc' } });
 */
export const StaffGroup = defineEntity({
  name: 'StaffGroup',
  tableName: 'staff_group',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'name'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    name: p.string().length(100),
    onDutyMode: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type StaffGroup = InferEntity<typeof StaffGroup>;
