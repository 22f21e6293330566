/**
 * Admin routes of the reports: list, detail, media, the operator's actions, exports, the badge counts.
 * Mounted by the admin API under /api/v1/tenants/:tenant/reports.
 */
import { defineAdminRoute, heldFileReply, type AdminRoute, type ModuleServices } from '../../../core/internal.js';
import { Report } from '../entities/index.js';
import { REPORTS_READ, REPORTS_WRITE } from '../permissions.js';
import { reportsCsv, reportsGeoJson } from '../service/report-export.js';
import { notifyReportUpdate } from '../service/report-notifier.js';
import { reportCounts, reportDetail, reportWhere, listReports } from '../service/report-query.js';
import { ReportError } from '../service/report-errors.js';
import { accessWhere, myReportOffices, reportAccess, requireAccess } from '../service/report-access.js';
import { addNote, assignOffice, changeStatus, mergeAsDuplicate, setHidden } from '../service/report-workflow.js';
import { serviceReply } from './route-reply.js';
import * as s from './schemas.js';

const errors = { 400: s.errorSchema, 404: s.errorSchema, 409: s.errorSchema };

/**
 * @example
 * for (const route of reportRoutes(api.services)) api.adminRoute(route);
 */
export function reportRoutes(services: ModuleServices): AdminRoute[] {
  return [
    defineAdminRoute({
      method: 'GET', path: '/reports', summary: 'List reports (filters: status, category, office, dates, bounding box, text), newest first', permission: REPORTS_READ,
      schema: { querystring: s.reportListQuerySchema, response: { 200: s.reportListSchema, 400: s.errorSchema } },
      handler: (req) => serviceReply(200, async () => listReports(req.em, req.query, await reportAccess(req.em, req.user))),
    }),
    defineAdminRoute({
      method: 'GET', path: '/counts', summary: 'New, open and all reports (the badge)', permission: REPORTS_READ,
      schema: { response: { 200: s.countsSchema } },
      handler: (req) => serviceReply(200, async () => reportCounts(req.em, await reportAccess(req.em, req.user))),
    }),
    defineAdminRoute({
      method: 'GET', path: '/access', summary: 'The offices that limit which reports I see (none: the whole comune)', permission: REPORTS_READ,
      schema: { response: { 200: s.accessSchema } },
      handler: (req) => serviceReply(200, async () => ({ offices: await myReportOffices(req.em, req.user) })),
    }),
    defineAdminRoute({
      method: 'GET', path: '/reports/:id', summary: 'One report with its media, timeline and followers', permission: REPORTS_READ,
      schema: { params: s.idParams, response: { 200: s.reportDetailSchema, 404: s.errorSchema } },
      handler: (req) => serviceReply(200, async () => {
        await requireAccess(req.em, await reportAccess(req.em, req.user), req.params.id);
        return reportDetail(req.em, req.params.id);
      }),
    }),
    defineAdminRoute({
      method: 'GET', path: '/reports/:id/media/:mediaId', summary: "A report's photo or video (bytes)", permission: REPORTS_READ,
      schema: { params: s.mediaParams, response: { 200: s.fileSchema, 404: s.errorSchema } },
      handler: async (req) => {
        const reach = accessWhere(await reportAccess(req.em, req.user));
        const report = await req.em.findOne(Report, reach ? { $and: [{ id: req.params.id }, reach] } : { id: req.params.id });
        const item = report?.media.find((m) => m.id === req.params.mediaId);
        const source = item ? await services.media.source(req.tenant.id, item.id) : null;
        return heldFileReply(source, { code: 'REPORT_NOT_FOUND', message: `Report ${req.params.id} has no file ${req.params.mediaId} (it may have been deleted by retention).` });
      },
    }),
    defineAdminRoute({
      method: 'POST', path: '/reports/:id/status', summary: 'Change the status, with an optional message to the citizen and an internal note', permission: REPORTS_WRITE,
      schema: { params: s.idParams, body: s.statusChangeSchema, response: { 200: s.statusResultSchema, ...errors } },
      handler: (req) => serviceReply(200, async () => {
        await requireAccess(req.em, await reportAccess(req.em, req.user), req.params.id);
        await changeStatus(req.em, req.params.id, req.body, req.user.email);
        const notified = await notifyReportUpdate(services, req.tenant, req.params.id, req.body.message ?? null);
        return { report: await reportDetail(req.em.fork(), req.params.id), notified: notified.map((n) => ({ identityId: n.identityId, status: n.result.status })) };
      }),
    }),
    defineAdminRoute({
      method: 'POST', path: '/reports/:id/notes', summary: 'Add an internal note to the timeline', permission: REPORTS_WRITE,
      schema: { params: s.idParams, body: s.noteSchema, response: { 200: s.reportDetailSchema, ...errors } },
      handler: (req) => serviceReply(200, async () => {
        await requireAccess(req.em, await reportAccess(req.em, req.user), req.params.id);
        await addNote(req.em, req.params.id, req.body.note, req.user.email);
        return reportDetail(req.em.fork(), req.params.id);
      }),
    }),
    defineAdminRoute({
      method: 'POST', path: '/reports/:id/assign', summary: 'Assign the report to an office (null: none)', permission: REPORTS_WRITE,
      schema: { params: s.idParams, body: s.assignSchema, response: { 200: s.reportDetailSchema, ...errors } },
      handler: (req) => serviceReply(200, async () => {
        await requireAccess(req.em, await reportAccess(req.em, req.user), req.params.id);
        await assignOffice(req.em, req.params.id, req.body.officeId, req.user.email);
        return reportDetail(req.em.fork(), req.params.id);
      }),
    }),
    defineAdminRoute({
      method: 'POST', path: '/reports/:id/visibility', summary: 'Keep the report off the public Open311 API (hidden) or publish it again', permission: REPORTS_WRITE,
      schema: { params: s.idParams, body: s.visibilitySchema, response: { 200: s.reportDetailSchema, ...errors } },
      handler: (req) => serviceReply(200, async () => {
        await requireAccess(req.em, await reportAccess(req.em, req.user), req.params.id);
        await setHidden(req.em, req.params.id, req.body, req.user.email);
        return reportDetail(req.em.fork(), req.params.id);
      }),
    }),
    defineAdminRoute({
      method: 'POST', path: '/reports/:id/merge', summary: 'Close the report as a duplicate of another; its people follow the original', permission: REPORTS_WRITE,
      schema: { params: s.idParams, body: s.mergeSchema, response: { 200: s.statusResultSchema, ...errors } },
      handler: (req) => serviceReply(200, async () => {
        await requireAccess(req.em, await reportAccess(req.em, req.user), req.params.id, req.body.into);
        await mergeAsDuplicate(req.em, req.params.id, req.body.into, req.body, req.user.email);
        const notified = await notifyReportUpdate(services, req.tenant, req.params.id, req.body.message ?? null);
        return { report: await reportDetail(req.em.fork(), req.params.id), notified: notified.map((n) => ({ identityId: n.identityId, status: n.result.status })) };
      }),
    }),
    defineAdminRoute({
      method: 'GET', path: '/export.csv', summary: 'The filtered reports as CSV (streamed)', permission: REPORTS_READ,
      schema: { querystring: s.reportFilterSchema, response: { 200: s.fileSchema, 400: s.errorSchema } },
      handler: async (req) => {
        const access = await reportAccess(req.em, req.user);
        return exportReply(() => ({ contentType: 'text/csv; charset=utf-8', fileName: `segnalazioni-${req.tenant.slug}.csv`, chunks: reportsCsv(req.em, req.query, access) }), req.query);
      },
    }),
    defineAdminRoute({
      method: 'GET', path: '/export.geojson', summary: 'The filtered reports as a GeoJSON FeatureCollection (RFC 7946, streamed)', permission: REPORTS_READ,
      schema: { querystring: s.reportFilterSchema, response: { 200: s.fileSchema, 400: s.errorSchema } },
      handler: async (req) => {
        const access = await reportAccess(req.em, req.user);
        return exportReply(() => ({ contentType: 'application/geo+json', fileName: `segnalazioni-${req.tenant.slug}.geojson`, chunks: reportsGeoJson(req.em, req.query, access) }), req.query);
      },
    }),
  ];
}

/** Checks the filter before the first byte (a stream cannot turn into a 400 halfway). */
async function exportReply(stream: () => { contentType: string; fileName: string; chunks: AsyncIterable<string> }, filter: s.ReportFilter) {
  try {
    reportWhere(filter);
  } catch (error) {
    if (error instanceof ReportError) return { status: error.status, body: { code: error.code, message: error.message } };
    throw error;
  }
  return { status: 200, stream: stream() };
}
