import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Person, Tenant, tenantScope } from '../../../core/internal.js';
import type { ReportMediaItem } from './report-media.js';

/**
 * A report being written in the chat, one per person: what the dialog gathered so far. An abandoned
 * draft can be resumed for 24 h; the module's retention step then deletes it and its files.
 *
 * @example
 * em.create(ReportDraft, { tenant, person, category: 'strade', media: [], updatedAt: new Date() });
 */
export const ReportDraft = defineEntity({
  name: 'ReportDraft',
  tableName: 'reports_draft',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'person'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    person: p.manyToOne(Person).deleteRule('cascade'),
    category: p.string().length(64).nullable(),
    description: p.text().nullable(),
    latitude: p.double().$type<number>().runtimeType('number').nullable(),
    longitude: p.double().$type<number>().runtimeType('number').nullable(),
    address: p.string().length(300).nullable(),
    media: p.json<ReportMediaItem[]>(),
    updatedAt: p.datetime(),
  }),
});
export type ReportDraft = InferEntity<typeof ReportDraft>;
