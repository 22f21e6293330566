import t from 'tap';
import { createReport, findDuplicates } from '../../../modules/reports/service/report-service.js';
import { reportSettings, updateReportSettings } from '../../../modules/reports/service/report-settings-service.js';
import { Report, ReportEvent } from '../../../modules/reports/index.js';
import { buildReportsApp } from '../../helpers/reports-app.js';

const base = { description: 'Buca profonda davanti al civico 3', media: [], source: 'chat' as const, actor: 'citizen' };

t.test('reports get S-<year>-<5 digits> codes, counted per tenant and year, with a created entry', async (t) => {
  const { app } = await buildReportsApp(t);
  const tenant = app.defaultTenant;
  const other = await app.services.tenants.ensure({ slug: 'altro', name: 'Altro comune', enabledModules: ['base', 'reports'] });
  const em = app.services.tenants.scopedEm(tenant.id);
  const settings = await reportSettings(em);
  t.same(settings.categories.map((c) => c.code), ['strade', 'illuminazione', 'rifiuti', 'verde', 'acqua', 'segnaletica', 'altro'], 'the default categories');
  t.equal(settings.duplicateDistanceMeters, 40);
  t.equal(settings.closedRetentionDays, 730);

  const a = await createReport(em, tenant.id, settings, { ...base, category: 'strade', latitude: 45.07, longitude: 7.68 }, new Date('2026-03-01T10:00:00Z'));
  const b = await createReport(em, tenant.id, settings, { ...base, category: 'altro', address: 'Piazza Municipio 1' }, new Date('2026-05-01T10:00:00Z'));
  const c = await createReport(em, tenant.id, settings, { ...base, category: 'verde', latitude: 45.07, longitude: 7.68 }, new Date('2027-01-02T10:00:00Z'));
  await em.flush();
  t.same([a.code, b.code, c.code], ['S-2026-00001', 'S-2026-00002', 'S-2027-00001'], 'numbered per year');
  const otherEm = app.services.tenants.scopedEm(other.id);
  const d = await createReport(otherEm, other.id, await reportSettings(otherEm), { ...base, category: 'strade', address: 'Via Roma' }, new Date('2026-03-01T10:00:00Z'));
  await otherEm.flush();
  t.equal(d.code, 'S-2026-00001', 'and per tenant');
  const fresh = app.services.tenants.scopedEm(tenant.id);
  t.equal(await fresh.count(Report, {}), 3, "the other tenant's report is not visible");
  t.equal(await fresh.count(ReportEvent, { kind: 'created' }), 3, 'each has its created entry');
  const stored = await fresh.findOneOrFail(Report, { code: 'S-2026-00001' });
  t.equal(typeof stored.latitude, 'number', 'positions read back as numbers');
  t.equal(stored.latitude, 45.07);
});

t.test('bad reports are refused with what to fix, and nothing is written', async (t) => {
  const { app } = await buildReportsApp(t);
  const tenant = app.defaultTenant;
  const em = app.services.tenants.scopedEm(tenant.id);
  await updateReportSettings(em, tenant.id, { bbox: [7.6, 45.0, 7.7, 45.1] });
  const settings = await reportSettings(em);
  const bad = async (input: Partial<Parameters<typeof createReport>[3]>, code: string, message: RegExp) => {
    await t.rejects(createReport(em, tenant.id, settings, { ...base, category: 'strade', latitude: 45.05, longitude: 7.65, ...input }), { code, message });
  };
  await bad({ category: 'nope' }, 'REPORT_INVALID', /Unknown category "nope"/);
  await bad({ description: 'x' }, 'REPORT_INVALID', /description/);
  await bad({ latitude: null, longitude: null }, 'REPORT_INVALID', /position .* or an address/);
  await bad({ latitude: 95 }, 'REPORT_INVALID', /valid WGS 84/);
  await bad({ latitude: 41.9, longitude: 12.5 }, 'REPORT_OUTSIDE_AREA', /outside the comune/);
  await bad({ media: Array.from({ length: 6 }, (_, i) => ({ id: `m${i}`, kind: 'photo' as const, mimeType: 'image/jpeg', size: 1 })) }, 'REPORT_INVALID', /at most 5/);
  await em.flush();
  t.equal(await app.services.tenants.scopedEm(tenant.id).count(Report, {}), 0, 'nothing written');
});

t.test('duplicates: same category, open, within the distance', async (t) => {
  const { app } = await buildReportsApp(t);
  const tenant = app.defaultTenant;
  const em = app.services.tenants.scopedEm(tenant.id);
  const settings = await reportSettings(em);
  const open = await createReport(em, tenant.id, settings, { ...base, category: 'strade', latitude: 45.07, longitude: 7.68 });
  const closed = await createReport(em, tenant.id, settings, { ...base, category: 'strade', latitude: 45.0701, longitude: 7.68 });
  closed.status = 'resolved';
  await createReport(em, tenant.id, settings, { ...base, category: 'illuminazione', latitude: 45.07, longitude: 7.68 });
  await em.flush();
  const near = await findDuplicates(em, settings, 'strade', 45.0703, 7.68); // ≈ 33 m north
  t.same(near.map((n) => n.report.code), [open.code], 'the open one of the same category within 40 m');
  t.ok(near[0]!.meters > 30 && near[0]!.meters < 36, `distance ${near[0]!.meters}`);
  t.same(await findDuplicates(em, settings, 'strade', 45.0705, 7.68), [], 'not at ≈ 55 m');
  await updateReportSettings(em, tenant.id, { duplicateDistanceMeters: 60 });
  t.equal((await findDuplicates(em, await reportSettings(em), 'strade', 45.0705, 7.68)).length, 1, 'the distance is the comune\'s setting');
});
