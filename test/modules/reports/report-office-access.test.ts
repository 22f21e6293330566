import t from 'tap';
import { AdminUser } from '../../../core/internal.js';
import { createReport } from '../../../modules/reports/service/report-service.js';
import { reportSettings } from '../../../modules/reports/service/report-settings-service.js';
import { build, expectProblem } from '../../helpers/app.js';
import { jpeg } from '../../helpers/report-inbound.js';

t.test("an office-scoped user works only their office's reports; mayor and comune-wide users see all", async (t) => {
  const app = await build(t);
  const tenant = app.campanile.defaultTenant;
  const em = app.campanile.services.tenants.scopedEm(tenant.id);
  const base = `/api/v1/tenants/${app.tenant}/reports`;
  const [operator, mayor, editor] = [await app.injectAs('operator'), await app.injectAs('mayor'), await app.injectAs('editor')];
  const operatorId = (await em.fork().findOneOrFail(AdminUser, { email: `operator.${app.tenant}@test.example` })).id;

  const stored = await app.campanile.services.notifications.media.upload(tenant.id, jpeg(7), 'image/jpeg', 'lampione.jpg');
  const photo = { id: stored.id, kind: 'photo' as const, mimeType: 'image/jpeg', size: stored.size };
  const make = async (category: string, description: string, lat: number) => {
    const report = await createReport(em.fork(), tenant.id, await reportSettings(em.fork()), { category, description, latitude: lat, longitude: 7.68, media: [photo], source: 'open311', actor: 'open311' });
    return { id: report.id, code: report.code };
  };
  // Before the routing: an unassigned road report, reached later through its category.
  const before = await make('strade', 'Buca prima del routing', 45.01);

  const office = (await mayor({ method: 'POST', url: `${base}/offices`, payload: { name: 'Ufficio tecnico', members: [operatorId] } })).json() as { id: number };
  const police = (await mayor({ method: 'POST', url: `${base}/offices`, payload: { name: 'Polizia locale', members: [] } })).json() as { id: number };
  const settings = (await mayor({ method: 'GET', url: `${base}/settings` })).json() as { categories: { code: string; name: Record<string, string>; officeId?: number | null }[] };
  const routed = await mayor({ method: 'PATCH', url: `${base}/settings`, payload: { categories: settings.categories.map((c) => ({ ...c, officeId: c.code === 'strade' ? office.id : null })) } });
  t.equal(routed.statusCode, 200, routed.body);

  const road = await make('strade', 'Buca dopo il routing', 45.02);
  const lamp = await make('illuminazione', 'Lampione spento', 45.03);
  const lampGiven = await make('illuminazione', 'Lampione assegnato al tecnico', 45.04);
  const roadElsewhere = await make('strade', 'Buca passata alla polizia', 45.05);
  t.equal((await mayor({ method: 'POST', url: `${base}/reports/${lampGiven.id}/assign`, payload: { officeId: office.id } })).statusCode, 200);
  t.equal((await mayor({ method: 'POST', url: `${base}/reports/${roadElsewhere.id}/assign`, payload: { officeId: police.id } })).statusCode, 200);

  const mine = [before.code, road.code, lampGiven.code].sort();
  const all = [before, road, lamp, lampGiven, roadElsewhere].map((r) => r.code).sort();
  const codes = async (as: typeof operator, query = '') => ((await as({ method: 'GET', url: `${base}/reports${query}` })).json() as { items: { code: string }[] }).items.map((r) => r.code).sort();
  t.same(await codes(operator), mine, 'list: assigned to the office, or unassigned of its categories');
  t.same(await codes(mayor), all, 'the mayor sees all');
  t.same(await codes(editor), all, 'a user in no office is comune-wide');
  t.same(await codes(operator, '?bbox=7.6,45.015,7.7,45.045'), [road.code, lampGiven.code].sort(), 'the map\'s bounding box within the office\'s reach');
  t.same(await codes(operator, '?q=lampione'), [lampGiven.code], 'text search within reach');
  t.match((await operator({ method: 'GET', url: `${base}/counts` })).json(), { total: 3, new: 3 }, 'the badge counts the office\'s reports');
  t.same((await operator({ method: 'GET', url: `${base}/access` })).json(), { offices: [{ id: office.id, name: 'Ufficio tecnico' }] }, 'GET /access names the office that limits the operator');
  t.same((await mayor({ method: 'GET', url: `${base}/access` })).json(), { offices: [] }, 'and none for the mayor');
  t.same((await editor({ method: 'GET', url: `${base}/access` })).json(), { offices: [] }, 'nor for a user in no office');

  const geojson = (await operator({ method: 'GET', url: `${base}/export.geojson?bbox=7.6,45.0,7.7,45.1` })).json() as { features: { id: string }[] };
  t.same(geojson.features.map((f) => f.id).sort(), mine, 'the map (GeoJSON) within reach');
  const csv = (await operator({ method: 'GET', url: `${base}/export.csv` })).body;
  t.same(csv.trim().split('\r\n').slice(1).map((line) => line.split(',')[0]).sort(), mine, 'the CSV export within reach');

  t.equal((await operator({ method: 'GET', url: `${base}/reports/${road.id}` })).statusCode, 200, 'detail of an own report');
  t.equal((await operator({ method: 'GET', url: `${base}/reports/${road.id}/media/${photo.id}` })).statusCode, 200, 'and its photo');
  for (const other of [lamp, roadElsewhere]) {
    expectProblem(t, await operator({ method: 'GET', url: `${base}/reports/${other.id}` }), 404);
    t.equal((await mayor({ method: 'GET', url: `${base}/reports/${other.id}/media/${photo.id}` })).statusCode, 200, 'the mayor gets its photo');
    t.equal((await operator({ method: 'GET', url: `${base}/reports/${other.id}/media/${photo.id}` })).statusCode, 404, 'the office user does not');
    expectProblem(t, await operator({ method: 'POST', url: `${base}/reports/${other.id}/status`, payload: { status: 'acknowledged' } }), 404);
    expectProblem(t, await operator({ method: 'POST', url: `${base}/reports/${other.id}/notes`, payload: { note: 'no' } }), 404);
    expectProblem(t, await operator({ method: 'POST', url: `${base}/reports/${other.id}/assign`, payload: { officeId: office.id } }), 404); // cannot pull another office's report
    expectProblem(t, await operator({ method: 'POST', url: `${base}/reports/${other.id}/visibility`, payload: { hidden: true } }), 404);
  }
  expectProblem(t, await operator({ method: 'POST', url: `${base}/reports/${road.id}/merge`, payload: { into: lamp.id } }), 404); // merging into another office's report
  const status = await operator({ method: 'POST', url: `${base}/reports/${road.id}/status`, payload: { status: 'acknowledged', note: 'Squadra 1' } });
  t.equal(status.statusCode, 200, 'status change of an own report');
  t.equal((await mayor({ method: 'GET', url: `${base}/reports/${lamp.id}` })).json().status, 'new', "another office's report untouched");
  t.equal((await mayor({ method: 'POST', url: `${base}/reports/${lamp.id}/status`, payload: { status: 'acknowledged' } })).statusCode, 200, 'the mayor works any report');

  const refused = await operator({ method: 'PATCH', url: `${base}/settings`, payload: { duplicateDistanceMeters: 10 } });
  expectProblem(t, refused, 403);
  t.match(refused.json(), { message: /only your office's reports/ }, 'a message saying who can');
  expectProblem(t, await operator({ method: 'POST', url: `${base}/offices`, payload: { name: 'Mio ufficio' } }), 403);
  expectProblem(t, await operator({ method: 'POST', url: `${base}/open311-keys`, payload: { label: 'App' } }), 403);
  t.equal((await operator({ method: 'GET', url: `${base}/settings` })).statusCode, 200, 'settings can be read');

  // Out of the office: comune-wide again.
  t.equal((await em.fork().nativeUpdate('ReportOffice', { id: office.id }, { members: [] })), 1);
  t.same(await codes(operator), all, 'a user who leaves every office sees the whole comune');
});
