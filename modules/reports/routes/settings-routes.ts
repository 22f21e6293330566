/**
 * Admin routes of the comune's report settings (categories, duplicate distance, area, retention), its
 * offices and its Open311 keys. Mounted under /api/v1/tenants/:tenant/reports.
 */
import { defineAdminRoute, type AdminRoute } from '../../../core/internal.js';
import { REPORTS_READ, REPORTS_WRITE } from '../permissions.js';
import { createOffice, listOffices } from '../service/office-service.js';
import { issueOpen311Key, revokeOpen311Key } from '../service/open311-keys.js';
import { reportSettings, updateReportSettings, type EffectiveReportSettings } from '../service/report-settings-service.js';
import { ReportError } from '../service/report-errors.js';
import { reportAccess, requireComuneWide } from '../service/report-access.js';
import { serviceReply } from './route-reply.js';
import * as s from './schemas.js';

/** Settings as the API shows them: key hashes never leave the server. */
const toDto = (settings: EffectiveReportSettings) => ({
  ...settings,
  categories: settings.categories.map((c) => ({ ...c })),
  open311Keys: settings.open311Keys.map(({ id, label, createdAt }) => ({ id, label, createdAt })),
});

/**
 * @example
 * for (const route of settingsRoutes()) api.adminRoute(route);
 */
export function settingsRoutes(): AdminRoute[] {
  return [
    defineAdminRoute({
      method: 'GET', path: '/settings', summary: "The comune's report settings (defaults filled in)", permission: REPORTS_READ,
      schema: { response: { 200: s.settingsSchema } },
      handler: (req) => serviceReply(200, async () => toDto(await reportSettings(req.em))),
    }),
    defineAdminRoute({
      method: 'PATCH', path: '/settings', summary: 'Change report settings (fields left out keep their value)', permission: REPORTS_WRITE,
      schema: { body: s.settingsInputSchema, response: { 200: s.settingsSchema, 400: s.errorSchema, 403: s.errorSchema } },
      handler: (req) => serviceReply(200, async () => {
        requireComuneWide(await reportAccess(req.em, req.user));
        const { bbox, ...rest } = req.body;
        if (bbox && (bbox[0] > bbox[2] || bbox[1] > bbox[3])) throw new ReportError(400, 'REPORT_INVALID', 'bbox is [minLon, minLat, maxLon, maxLat] with min ≤ max.');
        return toDto(await updateReportSettings(req.em, req.tenant.id, { ...rest, ...(bbox !== undefined ? { bbox } : {}) }));
      }),
    }),
    defineAdminRoute({
      method: 'GET', path: '/offices', summary: 'The offices that work reports', permission: REPORTS_READ,
      schema: { response: { 200: s.officeListSchema } },
      handler: (req) => serviceReply(200, () => listOffices(req.em)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/offices', summary: 'Add an office', permission: REPORTS_WRITE,
      schema: { body: s.officeInputSchema, response: { 201: s.officeSchema, 400: s.errorSchema, 403: s.errorSchema } },
      handler: (req) => serviceReply(201, async () => {
        requireComuneWide(await reportAccess(req.em, req.user));
        return createOffice(req.em, req.tenant.id, req.body);
      }),
    }),
    defineAdminRoute({
      method: 'POST', path: '/open311-keys', summary: 'Issue an Open311 api_key to a client (shown once)', permission: REPORTS_WRITE,
      schema: { body: s.keyInputSchema, response: { 201: s.keyCreatedSchema, 400: s.errorSchema, 403: s.errorSchema } },
      handler: (req) => serviceReply(201, async () => {
        requireComuneWide(await reportAccess(req.em, req.user));
        return issueOpen311Key(req.em, req.tenant.id, req.body.label);
      }),
    }),
    defineAdminRoute({
      method: 'DELETE', path: '/open311-keys/:keyId', summary: 'Revoke an Open311 api_key', permission: REPORTS_WRITE,
      schema: { params: s.keyParams, response: { 204: s.noContentSchema, 403: s.errorSchema, 404: s.errorSchema } },
      handler: (req) => serviceReply(204, async () => {
        requireComuneWide(await reportAccess(req.em, req.user));
        return revokeOpen311Key(req.em, req.tenant.id, req.params.keyId);
      }),
    }),
  ];
}
