/**
 * CSV and GeoJSON exports of the filtered reports, streamed: plain rows (no entities, no identity map)
 * are read in keyset pages of 1000 (`id > last`), so memory stays flat whatever the count (the 100k
 * bench in docs/benchmarks.md), and nothing is buffered before the first byte leaves.
 */
import type { FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Report } from '../entities/index.js';
import type { ReportFilter } from '../routes/schemas.js';
import { reportWhere, scopedTenantId } from './report-query.js';
import type { ReportAccess } from './report-access.js';

const BATCH = 1000;
const COLUMNS = ['id', 'code', 'status', 'category', 'description', 'latitude', 'longitude', 'address', 'office', 'media', 'source', 'createdAt', 'closedAt'] as const;

/** One exported report as the query builder maps it: property names, dates and JSON already converted. */
interface ExportRow {
  id: number; code: string; status: string; category: string; description: string;
  latitude: number | null; longitude: number | null; address: string | null; office: number | null;
  media: unknown[] | string; source: string; createdAt: Date | string | number; closedAt: Date | string | number | null;
}

const iso = (value: Date | string | number | null): string | null => (value === null || value === undefined ? null : new Date(value).toISOString());
const mediaCount = (media: unknown[] | string): number => (Array.isArray(media) ? media.length : (JSON.parse(media) as unknown[]).length);

/** The filtered reports in id order, page by page, as plain rows. */
async function* batches(em: SqlEntityManager, filter: ReportFilter, access: ReportAccess): AsyncGenerator<ExportRow[]> {
  const where = reportWhere(filter, em, access);
  const tenant = scopedTenantId(em);
  let last = 0;
  for (;;) {
    const rows = await em.createQueryBuilder(Report, 'r').select([...COLUMNS])
      .where({ $and: [where, { tenant, id: { $gt: last } }] } as FilterQuery<Report>)
      .orderBy({ id: 'asc' }).limit(BATCH).execute<ExportRow[]>('all', true);
    if (rows.length === 0) return;
    last = rows[rows.length - 1]!.id;
    yield rows;
    if (rows.length < BATCH) return;
  }
}

const CSV_COLUMNS = ['code', 'created_at', 'status', 'category', 'description', 'latitude', 'longitude', 'address', 'office_id', 'closed_at', 'media', 'source'] as const;

/** One CSV field, RFC 4180 quoted; a leading `= + - @` is defused so a spreadsheet never runs it. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The CSV export (header, then one line per report, CRLF).
 *
 * @example
 * return { status: 200, stream: { contentType: 'text/csv; charset=utf-8', fileName: 'segnalazioni.csv', chunks: reportsCsv(em, filter) } };
 */
export async function* reportsCsv(em: SqlEntityManager, filter: ReportFilter, access: ReportAccess = null): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(',')}\r\n`;
  for await (const rows of batches(em, filter, access)) {
    yield rows.map((r) => [
      r.code, iso(r.createdAt), r.status, r.category, r.description, r.latitude, r.longitude, r.address,
      r.office ?? null, iso(r.closedAt), mediaCount(r.media), r.source,
    ].map(csvField).join(',')).join('\r\n') + '\r\n';
  }
}

/**
 * The GeoJSON export: an RFC 7946 `FeatureCollection` of Points (`[longitude, latitude]`, WGS 84);
 * reports with only a typed address have `geometry: null`, as §3.2 allows.
 *
 * @example
 * return { status: 200, stream: { contentType: 'application/geo+json', fileName: 'segnalazioni.geojson', chunks: reportsGeoJson(em, filter) } };
 */
export async function* reportsGeoJson(em: SqlEntityManager, filter: ReportFilter, access: ReportAccess = null): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const rows of batches(em, filter, access)) {
    const parts = rows.map((r) => JSON.stringify({
      type: 'Feature',
      id: r.code,
      geometry: r.latitude !== null && r.latitude !== undefined && r.longitude !== null && r.longitude !== undefined ? { type: 'Point', coordinates: [r.longitude, r.latitude] } : null,
      properties: {
        code: r.code, status: r.status, category: r.category, description: r.description, address: r.address ?? null,
        createdAt: iso(r.createdAt), closedAt: iso(r.closedAt), media: mediaCount(r.media),
      },
    }));
    yield (first ? '' : ',') + parts.join(',');
    first = false;
  }
  yield ']}';
}
