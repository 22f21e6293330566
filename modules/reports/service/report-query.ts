/**
 * The admin side's reads: the filtered list (status, category, office, date range, bounding box, text),
 * one report with its timeline, the counts behind the "new reports" badge. The list and the exports
 * share one filter, so what the operator sees is what they export.
 */
import type { FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { CLOSED_STATUSES, REPORT_STATUSES, Report, ReportEvent, ReportFollow } from '../entities/index.js';
import type { ReportFilter } from '../routes/schemas.js';
import { ReportError } from './report-errors.js';
import { accessWhere, type ReportAccess } from './report-access.js';

const refId = (ref: number | { id: number } | null | undefined): number | null => (ref === null || ref === undefined ? null : typeof ref === 'number' ? ref : ref.id);

/**
 * The ORM filter for the list and exports; throws 400 for an unknown status or an inverted box.
 *
 * @example
 * await em.find(Report, reportWhere({ status: 'new,acknowledged', bbox: '7.6,45.0,7.7,45.1' }));
 */
export function reportWhere(filter: ReportFilter, em?: SqlEntityManager, access: ReportAccess = null): FilterQuery<Report> {
  const where: Record<string, unknown> = {};
  if (filter.status) {
    const wanted = new Set<string>();
    for (const s of filter.status.split(',')) {
      if (s === 'open') REPORT_STATUSES.filter((x) => !CLOSED_STATUSES.includes(x)).forEach((x) => wanted.add(x));
      else if (s === 'closed') CLOSED_STATUSES.forEach((x) => wanted.add(x));
      else if ((REPORT_STATUSES as readonly string[]).includes(s)) wanted.add(s);
      else throw new ReportError(400, 'REPORT_INVALID', `Unknown status "${s}": use ${REPORT_STATUSES.join(', ')}, open or closed.`);
    }
    where.status = { $in: [...wanted] };
  }
  if (filter.category) where.category = filter.category;
  if (filter.office !== undefined) where.office = filter.office === 0 ? null : filter.office;
  if (filter.from || filter.to) where.createdAt = { ...(filter.from ? { $gte: new Date(filter.from) } : {}), ...(filter.to ? { $lt: new Date(filter.to) } : {}) };
  if (filter.bbox) {
    const [minLon, minLat, maxLon, maxLat] = filter.bbox.split(',').map(Number) as [number, number, number, number];
    if (minLon > maxLon || minLat > maxLat) throw new ReportError(400, 'REPORT_INVALID', 'bbox is minLon,minLat,maxLon,maxLat with min ≤ max.');
    where.latitude = { $gte: minLat, $lte: maxLat };
    where.longitude = { $gte: minLon, $lte: maxLon };
  }
  if (filter.q?.trim()) {
    // Wildcards typed by the user are dropped: SQLite's LIKE has no default escape character.
    const like = `%${filter.q.trim().replace(/[\\%_]/g, '')}%`;
    // SQLite's LIKE is already case-insensitive (ASCII) and has no ILIKE; PostgreSQL needs ILIKE.
    const op = em && em.getDriver().constructor.name.toLowerCase().includes('sqlite') ? '$like' : '$ilike';
    where.$or = [{ code: { [op]: like } }, { description: { [op]: like } }, { address: { [op]: like } }];
  }
  const reach = accessWhere(access);
  return (reach ? { $and: [where, reach] } : where) as FilterQuery<Report>;
}

/** A report as the list shows it. */
export function toSummary(report: Report) {
  return {
    id: report.id, code: report.code, category: report.category, status: report.status as (typeof REPORT_STATUSES)[number], description: report.description,
    latitude: report.latitude ?? null, longitude: report.longitude ?? null, address: report.address ?? null,
    officeId: refId(report.office), source: report.source, mediaCount: report.media.length,
    createdAt: report.createdAt.toISOString(), updatedAt: report.updatedAt.toISOString(), closedAt: report.closedAt?.toISOString() ?? null,
  };
}

/** Above this many matches the list says "10,000+" instead of counting every row on every page. */
export const TOTAL_CAP = 10_000;

/** The comune an entity manager is scoped to (`TenantService.scopedEm`); query builders need it spelled out. */
export function scopedTenantId(em: SqlEntityManager): number {
  const id = em.getFilterParams<{ id?: number }>('tenant')?.id;
  if (typeof id !== 'number') throw new Error('reports queries need a tenant-scoped entity manager (tenants.scopedEm)');
  return id;
}

/** How many reports match, counting at most `TOTAL_CAP + 1` index entries. */
async function cappedCount(em: SqlEntityManager, where: FilterQuery<Report>): Promise<{ total: number; totalCapped: boolean }> {
  const inner = em.createQueryBuilder(Report, 'r').select('r.id').where({ $and: [where, { tenant: scopedTenantId(em) }] } as FilterQuery<Report>).limit(TOTAL_CAP + 1).getKnexQuery().toSQL();
  const [row] = await em.getConnection().execute<{ n: number | string }[]>(`select count(*) as n from (${inner.sql}) as matching`, [...inner.bindings]);
  const n = Number(row?.n ?? 0);
  return n > TOTAL_CAP ? { total: TOTAL_CAP, totalCapped: true } : { total: n, totalCapped: false };
}

/**
 * One page of the filtered list, newest first, with the total (capped at `TOTAL_CAP`: `totalCapped`
 * says the real count is higher).
 *
 * @example
 * const { total, items } = await listReports(em, { status: 'new', limit: 50 });
 */
export async function listReports(em: SqlEntityManager, query: ReportFilter & { limit?: number; offset?: number }, access: ReportAccess = null) {
  const where = reportWhere(query, em, access);
  // Plain rows, not entities: the page's SQL takes under 2 ms at 100k (EXPLAIN in docs/benchmarks.md);
  // hydrating and tracking 50 entities cost more than the query itself.
  const [rows, count] = await Promise.all([
    em.createQueryBuilder(Report, 'r').select([...LIST_COLUMNS]).where({ $and: [where, { tenant: scopedTenantId(em) }] } as FilterQuery<Report>)
      .orderBy({ createdAt: 'desc', id: 'desc' }).limit(query.limit ?? 50).offset(query.offset ?? 0).execute<ListRow[]>('all', true),
    cappedCount(em, where),
  ]);
  return { ...count, items: rows.map(rowSummary) };
}

const LIST_COLUMNS = ['id', 'code', 'category', 'status', 'description', 'latitude', 'longitude', 'address', 'office', 'source', 'media', 'createdAt', 'updatedAt', 'closedAt'] as const;

/** A list row as the query builder maps it (SQLite may hand back dates as numbers and JSON as text). */
interface ListRow {
  id: number; code: string; category: string; status: string; description: string; latitude: number | null; longitude: number | null;
  address: string | null; office: number | null; source: string; media: unknown[] | string;
  createdAt: Date | string | number; updatedAt: Date | string | number; closedAt: Date | string | number | null;
}

const isoOf = (value: Date | string | number): string => new Date(value).toISOString();

/** The same shape as `toSummary`, from a plain row. */
function rowSummary(row: ListRow): ReturnType<typeof toSummary> {
  return {
    id: row.id, code: row.code, category: row.category, status: row.status as (typeof REPORT_STATUSES)[number], description: row.description,
    latitude: row.latitude ?? null, longitude: row.longitude ?? null, address: row.address ?? null, officeId: row.office ?? null, source: row.source,
    mediaCount: (Array.isArray(row.media) ? row.media : (JSON.parse(row.media) as unknown[])).length,
    createdAt: isoOf(row.createdAt), updatedAt: isoOf(row.updatedAt), closedAt: row.closedAt === null || row.closedAt === undefined ? null : isoOf(row.closedAt),
  };
}

/**
 * A report with its media, timeline (oldest first) and the number of followers.
 *
 * @example
 * const detail = await reportDetail(em, 12);
 */
export async function reportDetail(em: SqlEntityManager, id: number) {
  const report = await em.findOne(Report, { id });
  if (!report) throw new ReportError(404, 'REPORT_NOT_FOUND', `Report ${id} does not exist in this comune: list reports with GET …/reports/reports.`);
  const [events, followers] = await Promise.all([
    em.find(ReportEvent, { report: id }, { orderBy: { at: 'asc', id: 'asc' } }),
    em.count(ReportFollow, { report: id }),
  ]);
  return {
    ...toSummary(report),
    media: report.media.map((m) => ({ ...m })),
    duplicateOf: report.duplicateOf ?? null,
    hidden: report.hidden,
    hasReporter: refId(report.reporter) !== null || report.contact !== null && report.contact !== undefined,
    followers,
    timeline: events.map((e) => ({
      id: e.id, kind: e.kind as (typeof import('../entities/index.js').REPORT_EVENT_KINDS)[number], fromStatus: e.fromStatus ?? null, toStatus: e.toStatus ?? null,
      message: e.message ?? null, note: e.note ?? null, actor: e.actor ?? null, at: e.at.toISOString(),
    })),
  };
}

/**
 * New, open and all reports of the comune (the badge).
 *
 * @example
 * const { new: fresh } = await reportCounts(em);
 */
export async function reportCounts(em: SqlEntityManager, access: ReportAccess = null) {
  const reach = accessWhere(access) ?? {};
  const [fresh, open, total] = await Promise.all([
    em.count(Report, { $and: [{ status: 'new' }, reach] } as FilterQuery<Report>),
    em.count(Report, { $and: [{ status: { $nin: [...CLOSED_STATUSES] } }, reach] } as FilterQuery<Report>),
    em.count(Report, reach as FilterQuery<Report>),
  ]);
  return { new: fresh, open, total };
}
