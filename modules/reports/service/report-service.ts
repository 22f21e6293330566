/**
 * Writing and reading reports: create (chat and Open311 alike), the duplicate search, the person's own
 * list. The operator's actions are in `report-workflow.ts`, the admin list in `report-query.ts`.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Report, ReportEvent, ReportFollow, CLOSED_STATUSES, type ReportMediaItem } from '../entities/index.js';
import { boxAround, distanceMeters, insideBox, validPosition } from './geo.js';
import { MAX_DESCRIPTION, MAX_REPORT_MEDIA, MIN_DESCRIPTION } from './report-defaults.js';
import { ReportError } from './report-errors.js';
import { enabledCategories, type EffectiveReportSettings } from './report-settings-service.js';
import { nextReportCode } from './next-report-code.js';

/** What a new report needs; a position, an address, or both. */
export interface NewReport {
  readonly category: string;
  readonly description: string;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
  readonly address?: string | null;
  readonly media: readonly ReportMediaItem[];
  readonly source: 'chat' | 'open311';
  readonly channel?: string | null;
  readonly reporterId?: number | null;
  readonly reporterIdentityId?: number | null;
  readonly contact?: { email?: string; firstName?: string; lastName?: string; phone?: string } | null;
  readonly actor: string;
}

/**
 * Checks a new report against the comune's settings; throws `ReportError` (400) saying what to fix.
 *
 * @example
 * checkNewReport(settings, input);
 */
export function checkNewReport(settings: EffectiveReportSettings, input: NewReport): void {
  if (!enabledCategories(settings).some((c) => c.code === input.category)) {
    throw new ReportError(400, 'REPORT_INVALID', `Unknown category "${input.category}": use one of ${enabledCategories(settings).map((c) => c.code).join(', ')}.`);
  }
  const description = input.description.trim();
  if (description.length < MIN_DESCRIPTION || description.length > MAX_DESCRIPTION) {
    throw new ReportError(400, 'REPORT_INVALID', `The description must be ${MIN_DESCRIPTION} to ${MAX_DESCRIPTION} characters long.`);
  }
  const hasLat = input.latitude !== undefined && input.latitude !== null;
  const hasLon = input.longitude !== undefined && input.longitude !== null;
  if (hasLat !== hasLon) throw new ReportError(400, 'REPORT_INVALID', 'Give both latitude and longitude, or neither.');
  if (hasLat && !validPosition(input.latitude!, input.longitude!)) throw new ReportError(400, 'REPORT_INVALID', 'The position is not a valid WGS 84 latitude/longitude.');
  if (!hasLat && !input.address?.trim()) throw new ReportError(400, 'REPORT_INVALID', 'A report needs a position (latitude and longitude) or an address.');
  if (hasLat && !insideBox(input.latitude!, input.longitude!, settings.bbox)) {
    throw new ReportError(400, 'REPORT_OUTSIDE_AREA', "The position is outside the comune's area: report problems within the comune only.");
  }
  if (input.media.length > MAX_REPORT_MEDIA) throw new ReportError(400, 'REPORT_INVALID', `A report carries at most ${MAX_REPORT_MEDIA} photos or videos.`);
}

/**
 * Writes a checked report and its first timeline entry with its public code, in one transaction (a
 * savepoint inside the caller's, when there is one): the number is taken in the same transaction as
 * the insert, so a save that fails gives its number back and codes have no gaps. On PostgreSQL the
 * counter's upsert holds that tenant-year row locked until the commit, so concurrent creates (any
 * process) queue on it for the few milliseconds of one insert; SQLite has one writer anyway.
 *
 * @example
 * const report = await createReport(em, tenant.id, settings, { category: 'strade', description: 'Buca', … });
 */
export async function createReport(em: SqlEntityManager, tenantId: number, settings: EffectiveReportSettings, input: NewReport, now = new Date()): Promise<Report> {
  checkNewReport(settings, input);
  return em.transactional(async (tx) => {
    const { code, year, seq } = await nextReportCode(tx, tenantId, now);
    const report = tx.create(Report, {
      tenant: tenantId, code, year, seq,
      category: input.category,
      description: input.description.trim(),
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      address: input.address?.trim() || null,
      media: [...input.media],
      status: 'new',
      office: settings.categories.find((c) => c.code === input.category)?.officeId ?? null,
      source: input.source,
      channel: input.channel ?? null,
      reporter: input.reporterId ?? null,
      reporterIdentity: input.reporterIdentityId ?? null,
      contact: input.contact ?? null,
      createdAt: now,
      updatedAt: now,
    });
    tx.create(ReportEvent, { tenant: tenantId, report, kind: 'created', toStatus: 'new', actor: input.actor, at: now });
    await tx.flush();
    return report;
  });
}

/** An open report near a position, with its distance. */
export interface NearbyReport {
  readonly report: Report;
  readonly meters: number;
}

/**
 * Open reports of the category within the comune's duplicate distance, nearest first. An index scan on
 * `(tenant, latitude, longitude)` within a box, then the exact distance.
 *
 * @example
 * const [nearest] = await findDuplicates(em, settings, 'strade', 45.07, 7.68);
 */
export async function findDuplicates(em: SqlEntityManager, settings: EffectiveReportSettings, category: string, lat: number, lon: number): Promise<NearbyReport[]> {
  const meters = settings.duplicateDistanceMeters;
  if (meters <= 0) return [];
  const [minLon, minLat, maxLon, maxLat] = boxAround(lat, lon, meters);
  const rows = await em.find(Report, {
    category, status: { $nin: [...CLOSED_STATUSES] },
    latitude: { $gte: minLat, $lte: maxLat }, longitude: { $gte: minLon, $lte: maxLon },
  }, { limit: 50 });
  return rows
    .map((report) => ({ report, meters: distanceMeters(lat, lon, report.latitude!, report.longitude!) }))
    .filter((r) => r.meters <= meters)
    .sort((a, b) => a.meters - b.meters);
}

/**
 * Subscribes a person to a report's updates (idempotent); false when they already made or follow it.
 *
 * @example
 * if (await followReport(em, tenant.id, report, ctx.person.id, ctx.identity.id)) ctx.reply(…);
 */
export async function followReport(em: SqlEntityManager, tenantId: number, report: Report, personId: number, identityId: number): Promise<boolean> {
  const reporterId = report.reporter ? (typeof report.reporter === 'number' ? report.reporter : report.reporter.id) : null;
  if (reporterId === personId) return false;
  if (await em.findOne(ReportFollow, { report: report.id, person: personId })) return false;
  em.create(ReportFollow, { tenant: tenantId, report, person: personId, identity: identityId });
  em.create(ReportEvent, { tenant: tenantId, report, kind: 'followed', actor: 'citizen' });
  return true;
}

/**
 * The person's reports and the ones they follow, newest first.
 *
 * @example
 * const mine = await reportsOf(em, ctx.person.id);
 */
export async function reportsOf(em: SqlEntityManager, personId: number, limit = 10): Promise<Report[]> {
  const follows = await em.find(ReportFollow, { person: personId }, { fields: ['report'] });
  const followed = follows.map((f) => (typeof f.report === 'number' ? f.report : f.report.id));
  return em.find(Report, { $or: [{ reporter: personId }, { id: { $in: followed } }] }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
}
