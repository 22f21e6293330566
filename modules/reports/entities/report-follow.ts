import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ChannelIdentity, Person, Tenant, tenantScope } from '../../../core/internal.js';
import { Report } from './report.js';

/**
 * A person following a report somebody else made (the duplicate offer): they get its updates on the
 * channel identity they followed from. Erased with the person.
 *
 * @example
 * em.create(ReportFollow, { tenant, report, person, identity });
 */
export const ReportFollow = defineEntity({
  name: 'ReportFollow',
  tableName: 'reports_follow',
  filters: tenantScope,
  uniques: [{ properties: ['report', 'person'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    report: p.manyToOne(Report).deleteRule('cascade'),
    person: p.manyToOne(Person).deleteRule('cascade').index(),
    identity: p.manyToOne(ChannelIdentity).deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type ReportFollow = InferEntity<typeof ReportFollow>;
