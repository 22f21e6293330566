import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';
import { Report } from './report.js';

/** What a timeline entry records. */
export const REPORT_EVENT_KINDS = ['created', 'status', 'note', 'assigned', 'merged', 'followed', 'visibility'] as const;
export type ReportEventKind = (typeof REPORT_EVENT_KINDS)[number];

/**
 * One entry of a report's timeline: created, a status change (with the message the citizen got and the
 * internal note), a note, an assignment, a merge. `actor` is an admin's email, `citizen` or `open311`.
 *
 * @example
 * em.create(ReportEvent, { tenant, report, kind: 'status', fromStatus: 'new', toStatus: 'resolved', actor: 'op@comune.it' });
 */
export const ReportEvent = defineEntity({
  name: 'ReportEvent',
  tableName: 'reports_event',
  filters: tenantScope,
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    report: p.manyToOne(Report).deleteRule('cascade').index(),
    kind: p.string().length(16),
    fromStatus: p.string().length(16).nullable(),
    toStatus: p.string().length(16).nullable(),
    /** Sent to the reporter and followers. */
    message: p.text().nullable(),
    /** Internal, never sent. */
    note: p.text().nullable(),
    actor: p.string().length(200).nullable(),
    at: p.datetime().onCreate(() => new Date()),
  }),
});
export type ReportEvent = InferEntity<typeof ReportEvent>;
