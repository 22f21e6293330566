import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';

/**
 * An office of the comune that works reports (Ufficio tecnico, Polizia locale): a name and the admin
 * users in it. Categories point to their default office; a report is assigned to one.
 *
 * @example
 * em.create(ReportOffice, { tenant, name: 'Ufficio tecnico', members: [3, 7] });
 */
export const ReportOffice = defineEntity({
  name: 'ReportOffice',
  tableName: 'reports_office',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'name'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    name: p.string().length(120),
    /** Admin user ids. */
    members: p.json<number[]>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type ReportOffice = InferEntity<typeof ReportOffice>;
