/**
 * Open311 GeoReport v2 at `/open311/v2/<comune>/`: `services.json`, `services/{code}.json`,
 * `requests.json` (GET with the spec's filters; POST with an `api_key` the comune issued) and
 * `requests/{id}.json`, and `media/{code}/{mediaId}` for `media_url` (`open311-media.ts`). Public routes (no admin session), served beside the webhooks; JSON only.
 * A report posted here is the same report the chat makes (same codes, lifecycle, admin and exports).
 */
import type { HttpReceipt, HttpRequest, HttpRoute, ModuleServices, TenantInfo } from '../../../core/internal.js';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Report, ReportEvent, CLOSED_STATUSES } from '../entities/index.js';
import { ReportError } from '../service/report-errors.js';
import { validOpen311Key } from '../service/open311-keys.js';
import { createReport } from '../service/report-service.js';
import { enabledCategories, reportSettings } from '../service/report-settings-service.js';
import { open311Error, open311Json, toService, toServiceRequest } from './open311-mapping.js';
import { MEDIA_PATH, mediaUrlOf, publicPhotoResponse, requestOrigin } from './open311-media.js';
import { Open311InputError, parseOpen311Post } from './open311-input.js';

const PREFIX = '/open311/v2/:comune';
/** The spec's default window and page for `GET requests.json`. */
const DEFAULT_DAYS = 90;
const MAX_REQUESTS = 1000;

const done = (response: HttpReceipt['response']): HttpReceipt => ({ response, events: [] });

/**
 * @example
 * for (const route of open311Routes(api.services)) api.publicRoute(route);
 */
export function open311Routes(services: ModuleServices): HttpRoute[] {
  /** The comune of the path with the module on, or the spec's 404. */
  const scope = async (request: HttpRequest): Promise<{ tenant: TenantInfo; em: SqlEntityManager } | HttpReceipt> => {
    const tenant = await services.tenants.bySlug(request.params.comune ?? '');
    if (!tenant || !tenant.enabledModules.includes('reports')) return done(open311Error(404, `No comune "${request.params.comune}" takes Open311 requests here.`));
    return { tenant, em: services.tenants.scopedEm(tenant.id) };
  };
  const route = (method: 'GET' | 'POST', path: string, handle: (request: HttpRequest, tenant: TenantInfo, em: SqlEntityManager) => Promise<HttpReceipt['response']>): HttpRoute => ({
    method, path: `${PREFIX}${path}`, bodyLimit: 64 * 1024,
    async handle(request) {
      const scoped = await scope(request);
      if ('response' in scoped) return scoped;
      try {
        return done(await handle(request, scoped.tenant, scoped.em));
      } catch (error) {
        if (error instanceof Open311InputError) return done(open311Error(400, error.message));
        if (error instanceof ReportError) return done(open311Error(error.status, error.message));
        services.log.error({ err: error, module: 'reports', tenant: scoped.tenant.slug, path: request.params }, 'Open311 request failed');
        return done(open311Error(500, 'Internal error: it has been logged; retry later.'));
      }
    },
  });
  /** `{file}` is `<id>.json`: other formats (the spec's XML) are not served. */
  const jsonName = (file: string | undefined): string | null => (file && file.endsWith('.json') ? decodeURIComponent(file.slice(0, -5)) : null);

  return [
    route('GET', '/services.json', async (_request, tenant, em) => {
      const settings = await reportSettings(em);
      return open311Json(enabledCategories(settings).map((c) => toService(c, tenant.defaultLocale)));
    }),
    route('GET', '/services/:file', async (request, _tenant, em) => {
      const code = jsonName(request.params.file);
      if (code === null) return open311Error(400, 'Only JSON is served: ask for services/<service_code>.json.');
      const settings = await reportSettings(em);
      if (!enabledCategories(settings).some((c) => c.code === code)) return open311Error(404, `No service "${code}": list services with services.json.`);
      return open311Json({ service_code: code, attributes: [] });
    }),
    route('GET', '/requests.json', async (request, tenant, em) => {
      const settings = await reportSettings(em);
      const q = request.query;
      // A hidden report is not published: not listed, not found by id.
      const where: Record<string, unknown> = { hidden: false };
      if (q.service_request_id) where.code = { $in: q.service_request_id.split(',').map((s) => s.trim()).filter(Boolean).slice(0, MAX_REQUESTS) };
      else {
        if (q.service_code) where.category = { $in: q.service_code.split(',').map((s) => s.trim()) };
        if (q.status) {
          const wanted = q.status.split(',').map((s) => s.trim());
          if (wanted.some((s) => s !== 'open' && s !== 'closed')) return open311Error(400, 'status is open or closed (or both, comma-separated).');
          if (wanted.length === 1) where.status = wanted[0] === 'closed' ? { $in: [...CLOSED_STATUSES] } : { $nin: [...CLOSED_STATUSES] };
        }
        const date = (name: 'start_date' | 'end_date') => {
          const value = q[name];
          if (!value) return undefined;
          const at = new Date(value);
          if (Number.isNaN(at.getTime())) throw new Open311InputError(`${name} must be a W3C date-time, e.g. 2026-03-01T00:00:00Z.`);
          return at;
        };
        const end = date('end_date');
        const start = date('start_date') ?? new Date((end ?? new Date()).getTime() - DEFAULT_DAYS * 86_400_000);
        where.createdAt = { $gte: start, ...(end ? { $lte: end } : {}) };
      }
      const reports = await em.find(Report, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: MAX_REQUESTS });
      const notes = await statusNotes(em, reports.map((r) => r.id));
      const origin = requestOrigin(request);
      return open311Json(reports.map((r) => toServiceRequest(r, settings.categories, tenant.defaultLocale, notes.get(r.id) ?? null, mediaUrlOf(r, origin, tenant.slug))));
    }),
    route('GET', '/requests/:file', async (request, tenant, em) => {
      const code = jsonName(request.params.file);
      if (code === null) return open311Error(400, 'Only JSON is served: ask for requests/<service_request_id>.json.');
      const report = await em.findOne(Report, { code, hidden: false });
      if (!report) return open311Error(404, `No service request "${code}".`);
      const settings = await reportSettings(em);
      const notes = await statusNotes(em, [report.id]);
      return open311Json([toServiceRequest(report, settings.categories, tenant.defaultLocale, notes.get(report.id) ?? null, mediaUrlOf(report, requestOrigin(request), tenant.slug))]);
    }),
    route('GET', MEDIA_PATH, async (request, tenant, em) => {
      const report = await em.findOne(Report, { code: request.params.code ?? '' });
      return publicPhotoResponse(report, request.params.mediaId ?? '', (id) => services.media.source(tenant.id, id));
    }),
    route('POST', '/requests.json', async (request, tenant, em) => {
      const post = parseOpen311Post(request.rawBody, request.headers['content-type'], request.query);
      const settings = await reportSettings(em);
      if (!validOpen311Key(settings.open311Keys, post.apiKey)) return open311Error(403, 'api_key is missing or not one this comune issued: ask the comune for a key.');
      if (!post.serviceCode) return open311Error(400, 'service_code is required: list services with services.json.');
      if (!post.description) return open311Error(400, 'description is required.');
      const contact = { email: post.email, firstName: post.firstName, lastName: post.lastName, phone: post.phone };
      const known = Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined));
      const report = await createReport(em, tenant.id, settings, {
        category: post.serviceCode, description: post.description, latitude: post.lat ?? null, longitude: post.long ?? null,
        address: post.addressString ?? null, media: [], source: 'open311', contact: Object.keys(known).length ? known : null, actor: 'open311',
      });
      return open311Json([{ service_request_id: report.code, service_notice: null, account_id: null }]);
    }),
  ];
}

/** The latest message to the citizen per report: the spec's `status_notes`. */
async function statusNotes(em: SqlEntityManager, ids: readonly number[]): Promise<Map<number, string>> {
  const notes = new Map<number, string>();
  if (ids.length === 0) return notes;
  const events = await em.find(ReportEvent, { report: { $in: [...ids] }, message: { $ne: null } }, { orderBy: { id: 'desc' } });
  for (const event of events) {
    const id = typeof event.report === 'number' ? event.report : event.report.id;
    if (!notes.has(id) && event.message) notes.set(id, event.message);
  }
  return notes;
}
