/**
 * CSV and GeoJSON exports of the filtered reports, streamed: rows are read in keyset batches of 1000
 * (`id > last`) on a fresh entity manager each, so memory stays flat whatever the count (the 100k bench
 * in docs/benchmarks.md), and nothing is buffered before the first byte leaves.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Report } from '../entities/index.js';
import type { ReportFilter } from '../routes/schemas.js';
import { reportWhere } from './report-query.js';

const BATCH = 1000;

/** The filtered reports in id order, batch by batch. */
async function* batches(em: SqlEntityManager, filter: ReportFilter): AsyncGenerator<Report[]> {
  const where = reportWhere(filter, em);
  let last = 0;
  for (;;) {
    const fork = em.fork();
    const rows = await fork.find(Report, { $and: [where, { id: { $gt: last } }] }, { orderBy: { id: 'asc' }, limit: BATCH });
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
export async function* reportsCsv(em: SqlEntityManager, filter: ReportFilter): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(',')}\r\n`;
  for await (const rows of batches(em, filter)) {
    yield rows.map((r) => [
      r.code, r.createdAt.toISOString(), r.status, r.category, r.description, r.latitude, r.longitude, r.address,
      r.office ? (typeof r.office === 'number' ? r.office : r.office.id) : null, r.closedAt?.toISOString() ?? null, r.media.length, r.source,
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
export async function* reportsGeoJson(em: SqlEntityManager, filter: ReportFilter): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const rows of batches(em, filter)) {
    const parts = rows.map((r) => JSON.stringify({
      type: 'Feature',
      id: r.code,
      geometry: r.latitude !== null && r.latitude !== undefined && r.longitude !== null && r.longitude !== undefined ? { type: 'Point', coordinates: [r.longitude, r.latitude] } : null,
      properties: {
        code: r.code, status: r.status, category: r.category, description: r.description, address: r.address ?? null,
        createdAt: r.createdAt.toISOString(), closedAt: r.closedAt?.toISOString() ?? null, media: r.media.length,
      },
    }));
    yield (first ? '' : ',') + parts.join(',');
    first = false;
  }
  yield ']}';
}
