import t from 'tap';
import { Report } from '../../../modules/reports/index.js';
import { createReport } from '../../../modules/reports/service/report-service.js';
import { reportSettings } from '../../../modules/reports/service/report-settings-service.js';
import { build, expectProblem } from '../../helpers/app.js';

async function seed(app: Awaited<ReturnType<typeof build>>) {
  const tenant = app.campanile.defaultTenant;
  const em = app.campanile.services.tenants.scopedEm(tenant.id);
  const settings = await reportSettings(em);
  const make = (category: string, description: string, lat: number | null, lon: number | null, at: string, address?: string) =>
    createReport(em, tenant.id, settings, { category, description, latitude: lat, longitude: lon, ...(address ? { address } : {}), media: [], source: 'chat', actor: 'citizen' }, new Date(at));
  await make('strade', 'Buca in via Roma, "profonda"', 45.07, 7.68, '2026-03-01T10:00:00Z');
  await make('illuminazione', 'Lampione spento', 45.2, 7.9, '2026-04-01T10:00:00Z');
  await make('rifiuti', '=HYPERLINK("x") cassonetto', null, null, '2026-05-01T10:00:00Z', 'Piazza Verdi');
  await em.flush();
  return em;
}

t.test('the admin API: list with filters, detail, status, notes, exports, permissions and tenant scope', async (t) => {
  const app = await build(t);
  await seed(app);
  const base = `/api/v1/tenants/${app.tenant}/reports`;
  const operator = await app.injectAs('operator');
  const list = async (query: string) => (await operator({ method: 'GET', url: `${base}/reports${query}` })).json() as { total: number; items: { code: string; status: string }[] };

  t.equal((await list('')).total, 3, 'all reports');
  t.same((await list('?category=strade')).items.map((r) => r.code), ['S-2026-00001'], 'by category');
  t.same((await list('?bbox=7.6,45.0,7.7,45.1')).items.map((r) => r.code), ['S-2026-00001'], 'by bounding box');
  t.same((await list('?q=lampione')).items.map((r) => r.code), ['S-2026-00002'], 'by text, any case');
  t.same((await list('?q=verdi')).items.map((r) => r.code), ['S-2026-00003'], 'text in the address');
  t.same((await list('?from=2026-03-15T00:00:00Z&to=2026-04-15T00:00:00Z')).items.map((r) => r.code), ['S-2026-00002'], 'by date range');
  t.equal((await list('?office=0')).total, 3, 'unassigned');
  const bad = await operator({ method: 'GET', url: `${base}/reports?status=lost` });
  expectProblem(t, bad, 400);
  t.match(bad.json(), { message: /Unknown status "lost"/ });
  expectProblem(t, await operator({ method: 'GET', url: `${base}/reports?bbox=abc` }), 400);

  const id = (await list('?category=strade')).items[0] as unknown as { id: number };
  const changed = await operator({ method: 'POST', url: `${base}/reports/${id.id}/status`, payload: { status: 'acknowledged', note: 'Squadra 2' } });
  t.equal(changed.statusCode, 200, changed.body);
  t.same((await list('?status=acknowledged')).items.map((r) => r.code), ['S-2026-00001'], 'by status');
  t.equal((await list('?status=open')).total, 3, 'open');
  const illegal = await operator({ method: 'POST', url: `${base}/reports/${id.id}/status`, payload: { status: 'new' } });
  expectProblem(t, illegal, 409);
  t.match(illegal.json(), { message: /cannot move to "new"/ });
  expectProblem(t, await operator({ method: 'POST', url: `${base}/reports/${id.id}/status`, payload: { status: 'fixed' } }), 400);
  await operator({ method: 'POST', url: `${base}/reports/${id.id}/notes`, payload: { note: 'Chiamata la ditta' } });
  const office = await operator({ method: 'POST', url: `${base}/offices`, payload: { name: 'Ufficio tecnico', members: [] } });
  t.equal(office.statusCode, 201);
  const assigned = await operator({ method: 'POST', url: `${base}/reports/${id.id}/assign`, payload: { officeId: office.json().id } });
  t.equal(assigned.json().officeId, office.json().id, 'assigned to the office');
  const detail = (await operator({ method: 'GET', url: `${base}/reports/${id.id}` })).json();
  t.same(detail.timeline.map((e: { kind: string }) => e.kind), ['created', 'status', 'note', 'assigned'], 'the timeline');
  t.equal(detail.timeline[1].note, 'Squadra 2', 'with the internal note');
  expectProblem(t, await operator({ method: 'GET', url: `${base}/reports/99999` }), 404);

  // Exports, streamed.
  const csv = await operator({ method: 'GET', url: `${base}/export.csv` });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /text\/csv/);
  t.match(csv.headers['content-disposition'], /attachment; filename="segnalazioni-/);
  const lines = csv.body.trim().split('\r\n');
  t.equal(lines[0], 'code,created_at,status,category,description,latitude,longitude,address,office_id,closed_at,media,source');
  t.equal(lines.length, 4);
  t.match(lines[1], /^S-2026-00001,.*,"Buca in via Roma, ""profonda""",45\.07,7\.68,/, 'quoted per RFC 4180');
  t.match(lines[3], /,"'=HYPERLINK\(""x""\) cassonetto",/, 'a formula is defused');
  const geo = await operator({ method: 'GET', url: `${base}/export.geojson?category=strade,illuminazione`.replace(',illuminazione', '') });
  t.equal(geo.statusCode, 200);
  t.match(geo.headers['content-type'], /application\/geo\+json/);
  const all = (await operator({ method: 'GET', url: `${base}/export.geojson` })).json();
  t.equal(all.type, 'FeatureCollection');
  t.equal(all.features.length, 3);
  t.same(all.features[0].geometry, { type: 'Point', coordinates: [7.68, 45.07] }, 'RFC 7946: [longitude, latitude]');
  t.equal(all.features[2].geometry, null, 'an address-only report has no geometry');
  t.match(all.features[0].properties, { code: 'S-2026-00001', status: 'acknowledged', category: 'strade' });
  expectProblem(t, await operator({ method: 'GET', url: `${base}/export.geojson?status=zzz` }), 400);

  // Permissions and tenant.
  t.equal((await app.fastify.inject({ method: 'GET', url: `${base}/reports` })).statusCode, 401, 'no session');
  const editor = await app.injectAs('editor');
  t.equal((await editor({ method: 'GET', url: `${base}/reports` })).statusCode, 200, 'an editor reads');
  t.equal((await editor({ method: 'POST', url: `${base}/reports/${id.id}/notes`, payload: { note: 'x' } })).statusCode, 403, 'but does not work reports');
  const otherOperator = await app.injectAs('operator', app.otherTenant);
  t.equal((await otherOperator({ method: 'GET', url: `${base}/reports` })).statusCode, 404, "another comune's operator cannot even see this comune");
  const otherList = await otherOperator({ method: 'GET', url: `/api/v1/tenants/${app.otherTenant}/reports/reports` });
  t.equal(otherList.json().total, 0, 'and sees none of them in their own comune');
  expectProblem(t, await otherOperator({ method: 'GET', url: `/api/v1/tenants/${app.otherTenant}/reports/reports/${id.id}` }), 404);
  const counts = (await operator({ method: 'GET', url: `${base}/counts` })).json();
  t.same(counts, { new: 2, open: 3, total: 3 }, 'the badge counts');
});

t.test('settings: categories, area, distance, retention and Open311 keys (hash only)', async (t) => {
  const app = await build(t);
  const base = `/api/v1/tenants/${app.tenant}/reports`;
  const operator = await app.injectAs('operator');
  const settings = (await operator({ method: 'GET', url: `${base}/settings` })).json();
  t.equal(settings.categories.length, 7);
  t.match(settings, { duplicateDistanceMeters: 40, bbox: null, closedRetentionDays: 730, open311Keys: [] });
  const patched = await operator({ method: 'PATCH', url: `${base}/settings`, payload: { bbox: [7.6, 45.0, 7.75, 45.12], duplicateDistanceMeters: 25 } });
  t.equal(patched.statusCode, 200, patched.body);
  t.match(patched.json(), { bbox: [7.6, 45.0, 7.75, 45.12], duplicateDistanceMeters: 25, closedRetentionDays: 730 });
  expectProblem(t, await operator({ method: 'PATCH', url: `${base}/settings`, payload: { bbox: [8, 46, 7, 45] } }), 400);
  const key = await operator({ method: 'POST', url: `${base}/open311-keys`, payload: { label: 'App civica' } });
  t.equal(key.statusCode, 201);
  t.ok(key.json().apiKey.length >= 30, 'a long random key, shown once');
  const listed = (await operator({ method: 'GET', url: `${base}/settings` })).json();
  t.same(Object.keys(listed.open311Keys[0]).sort(), ['createdAt', 'id', 'label'], 'the hash never leaves the server');
  t.equal((await operator({ method: 'DELETE', url: `${base}/open311-keys/${key.json().id}` })).statusCode, 204);
  t.equal((await operator({ method: 'GET', url: `${base}/settings` })).json().open311Keys.length, 0, 'revoked');
  const em = app.campanile.services.tenants.scopedEm(app.campanile.defaultTenant.id);
  t.equal(await em.count(Report, {}), 0);
});
