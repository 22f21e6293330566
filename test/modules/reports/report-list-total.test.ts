import t from 'tap';
import { Report } from '../../../modules/reports/index.js';
import { listReports, TOTAL_CAP } from '../../../modules/reports/service/report-query.js';
import { buildReportsApp } from '../../helpers/reports-app.js';

t.test('the list counts up to TOTAL_CAP matches and says when there are more', async (t) => {
  const { app } = await buildReportsApp(t);
  const tenant = app.defaultTenant.id;
  const em = () => app.services.tenants.scopedEm(tenant);
  const at = new Date('2026-03-01T10:00:00Z');
  for (let done = 0; done <= TOTAL_CAP; done += 2000) {
    const rows = [];
    for (let i = done; i < Math.min(TOTAL_CAP + 1, done + 2000); i++) {
      rows.push({
        tenant, code: `S-2026-${String(i + 1).padStart(5, '0')}`, year: 2026, seq: i + 1, category: i === 0 ? 'verde' : 'strade', description: `Prova ${i + 1}`,
        latitude: null, longitude: null, address: 'Via Roma', media: [], status: 'new', office: null, source: 'chat', channel: 'memory',
        reporter: null, reporterIdentity: null, contact: null, duplicateOf: null, createdAt: at, updatedAt: at, closedAt: null,
      });
    }
    await em().insertMany(Report, rows);
  }
  const all = await listReports(em(), { limit: 5 });
  t.same([all.total, all.totalCapped, all.items.length], [TOTAL_CAP, true, 5], `${TOTAL_CAP + 1} matches: the count stops at the cap and says so`);
  t.same(all.items.map((r) => r.code), ['S-2026-10001', 'S-2026-10000', 'S-2026-09999', 'S-2026-09998', 'S-2026-09997'], 'same created_at: newest id first');
  const strade = await listReports(em(), { category: 'strade', limit: 1 });
  t.same([strade.total, strade.totalCapped], [TOTAL_CAP, false], 'exactly the cap is exact');
  const verde = await listReports(em(), { category: 'verde' });
  t.same([verde.total, verde.totalCapped, verde.items.map((r) => r.code)], [1, false, ['S-2026-00001']], 'a narrow filter is counted exactly');
});
