import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ChannelIdentity, Person, Tenant, tenantScope } from '../../../core/internal.js';
import type { ReportMediaItem } from './report-media.js';
import { ReportOffice } from './report-office.js';

/**
 * A report about the territory (a pothole, a broken lamp): the comune's work record. The reporter's
 * person and channel identity are personal data and nullable: erasure clears them, the report stays.
 * `code` is public (`S-2026-00042`), unique per tenant; `seq` is its number within `year`.
 *
 * @example
 * em.create(Report, { tenant, code: 'S-2026-00001', year: 2026, seq: 1, category: 'strade', description: 'Buca',
 *   latitude: 45.07, longitude: 7.68, status: 'new', source: 'chat', media: [] });
 */
export const Report = defineEntity({
  name: 'Report',
  tableName: 'reports_report',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'code'] }],
  indexes: [
    // `id` ends both so the list's `created_at desc, id desc` walks the index instead of sorting.
    { properties: ['tenant', 'status', 'createdAt', 'id'] },
    { properties: ['tenant', 'createdAt', 'id'] },
    { properties: ['tenant', 'latitude', 'longitude'] },
    { properties: ['tenant', 'category', 'status'] },
    // A category filter (often with "open") walks this by time instead of sorting every match.
    { properties: ['tenant', 'category', 'createdAt', 'id'] },
  ],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    code: p.string().length(20),
    year: p.integer(),
    seq: p.integer(),
    category: p.string().length(64),
    description: p.text(),
    latitude: p.double().$type<number>().runtimeType('number').nullable(),
    longitude: p.double().$type<number>().runtimeType('number').nullable(),
    /** A typed address or place when the person could not share a position. */
    address: p.string().length(300).nullable(),
    media: p.json<ReportMediaItem[]>(),
    status: p.string().length(16),
    office: p.manyToOne(ReportOffice).deleteRule('set null').nullable().index(),
    /** `chat` or `open311`. */
    source: p.string().length(16),
    channel: p.string().length(32).nullable(),
    reporter: p.manyToOne(Person).deleteRule('set null').nullable().index(),
    reporterIdentity: p.manyToOne(ChannelIdentity).deleteRule('set null').nullable().index(),
    /** Open311 only: who posted it, as the client said (personal data: erased by `eraseReporter`). */
    contact: p.json<{ email?: string; firstName?: string; lastName?: string; phone?: string }>().nullable(),
    duplicateOf: p.integer().nullable(),
    /** Kept off the public Open311 API (its requests and media): an operator's choice, e.g. a photo showing a face or a plate. */
    hidden: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
    closedAt: p.datetime().nullable(),
  }),
});
export type Report = InferEntity<typeof Report>;
