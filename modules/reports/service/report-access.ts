/**
 * Offices as an access rule. An admin user who is a member of one or more offices works only those
 * offices' reports: the ones assigned to them, and unassigned ones of the categories routed to them
 * (the comune's settings: category → office). Superadmin and mayor see every report of the comune, and
 * so does a user in no office (comune-wide operators and editors). A report out of a user's reach reads
 * as not existing (404), so ids of other offices' reports leak nothing; comune-wide changes (settings,
 * offices, Open311 keys) are refused (403) to office-scoped users.
 */
import type { FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Role } from '../../../core/internal.js';
import { Report, ReportOffice } from '../entities/index.js';
import { ReportError } from './report-errors.js';
import { reportSettings } from './report-settings-service.js';

/** What one user may see: null for the whole comune, else their offices and the categories routed to them. */
export type ReportAccess = { readonly offices: readonly number[]; readonly categories: readonly string[] } | null;

/**
 * The access of the signed-in user.
 *
 * @example
 * const access = await reportAccess(req.em, req.user); // null: every report
 */
export async function reportAccess(em: SqlEntityManager, user: { readonly id: number; readonly role: Role }): Promise<ReportAccess> {
  if (user.role === 'superadmin' || user.role === 'mayor') return null;
  // A comune has a handful of offices: reading them all beats a JSON-containment query per dialect.
  const offices = (await em.find(ReportOffice, {}, { fields: ['id', 'members'] })).filter((o) => o.members.includes(user.id)).map((o) => o.id);
  if (offices.length === 0) return null;
  const settings = await reportSettings(em);
  const categories = settings.categories.filter((c) => c.officeId !== null && c.officeId !== undefined && offices.includes(c.officeId)).map((c) => c.code);
  return { offices, categories };
}

/**
 * The condition a report must meet for this access (null: none).
 *
 * @example
 * const where = { $and: [filterWhere, accessWhere(access) ?? {}] };
 */
export function accessWhere(access: ReportAccess): FilterQuery<Report> | null {
  if (!access) return null;
  const routed = access.categories.length ? [{ office: null, category: { $in: [...access.categories] } }] : [];
  return { $or: [{ office: { $in: [...access.offices] } }, ...routed] } as FilterQuery<Report>;
}

/**
 * Throws 404 unless every id is a report this access reaches (the same answer as a report that does not exist).
 *
 * @example
 * await requireAccess(req.em, access, req.params.id);
 */
export async function requireAccess(em: SqlEntityManager, access: ReportAccess, ...ids: number[]): Promise<void> {
  const where = accessWhere(access);
  if (!where) return;
  for (const id of ids) {
    if ((await em.count(Report, { $and: [{ id }, where] } as FilterQuery<Report>)) === 0) {
      throw new ReportError(404, 'REPORT_NOT_FOUND', `Report ${id} does not exist in this comune or is another office's: list reports with GET …/reports/reports.`);
    }
  }
}

/**
 * Throws 403 for an office-scoped user: settings, offices and keys are the whole comune's.
 *
 * @example
 * requireComuneWide(await reportAccess(req.em, req.user));
 */
export function requireComuneWide(access: ReportAccess): void {
  if (access) throw new ReportError(403, 'REPORT_FORBIDDEN', "Your account works only your office's reports: settings, offices and Open311 keys are changed by a comune-wide operator or the mayor.");
}

/**
 * The offices that limit what the signed-in user sees, named (empty: the whole comune): what the
 * admin UI tells an office member, from this rule rather than a copy of it in the browser.
 *
 * @example
 * await myReportOffices(req.em, req.user); // [{ id: 2, name: 'Ufficio tecnico' }]
 */
export async function myReportOffices(em: SqlEntityManager, user: { readonly id: number; readonly role: Role }): Promise<{ id: number; name: string }[]> {
  const access = await reportAccess(em, user);
  if (!access) return [];
  const rows = await em.find(ReportOffice, { id: { $in: [...access.offices] } }, { fields: ['id', 'name'], orderBy: { name: 'asc' } });
  return rows.map((o) => ({ id: o.id, name: o.name }));
}
