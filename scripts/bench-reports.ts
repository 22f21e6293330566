/**
 * Reports benchmark: N reports (default 100k) in one comune, then the admin list (newest first, and
 * filtered by status), the bounding-box query and the GeoJSON export streamed to a sink, on the real
 * module services and database (SQLite by default; DATABASE_URL=postgres://… for PostgreSQL).
 *   tsx scripts/bench-reports.ts [--reports 100000] [--runs 40]
 * Targets (issue 16): list and bbox p95 < 50 ms; export peak RSS < 200 MB. Last line: JSON figures.
 * The seeding runs in a child process (`--phase seed`), so the RSS measured is the export's, not the
 * seeding's leftovers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MemoryAdapter } from '../adapters/memory/index.js';
import { createCampanile, createLogger, loadConfig } from '../core/internal.js';
import { baseModule } from '../modules/base/index.js';
import { Report, REPORT_STATUSES, reportsModule } from '../modules/reports/index.js';
import { reportsGeoJson } from '../modules/reports/service/report-export.js';
import { listReports } from '../modules/reports/service/report-query.js';

const { values } = parseArgs({ options: { reports: { type: 'string', default: '100000' }, runs: { type: 'string', default: '40' }, phase: { type: 'string', default: 'measure' }, dir: { type: 'string' } } });
const total = Number(values.reports);
const runs = Number(values.runs);
const seeding = values.phase === 'seed';
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'bench-reports-'));
let seedMs = 0;
if (!seeding) {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--phase', 'seed', '--dir', dir, '--reports', String(total)], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`seeding failed (exit ${child.status})`);
  seedMs = performance.now() - t0;
}
const config = loadConfig({ ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}), SQLITE_PATH: join(dir, 'bench.sqlite'), DATA_DIR: dir });
const app = await createCampanile({ config, log: createLogger({ level: 'silent' }), modules: [baseModule, reportsModule], adapters: [{ adapter: new MemoryAdapter() }] });
const tenant = app.defaultTenant;
const em = () => app.services.tenants.scopedEm(tenant.id);

// Seed: positions spread over a ~20 × 20 km comune, statuses and categories mixed, a year of dates.
if (seeding) {
  await em().nativeDelete(Report, {}); // a PostgreSQL database reused from an earlier run
  const categories = ['strade', 'illuminazione', 'rifiuti', 'verde', 'acqua', 'segnaletica', 'altro'];
  const start = Date.parse('2026-01-01T00:00:00Z');
  let random = 42;
  const rand = () => ((random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let done = 0; done < total; done += 1000) {
    const fork = em();
    const rows = [];
    for (let i = done; i < Math.min(total, done + 1000); i++) {
      const at = new Date(start + Math.floor((i / total) * 365 * 86_400_000));
      const status = REPORT_STATUSES[i % REPORT_STATUSES.length]!;
      rows.push({
        tenant: tenant.id, code: `S-2026-${String(i + 1).padStart(6, '0')}`, year: 2026, seq: i + 1, category: categories[i % categories.length]!,
        description: `Segnalazione di prova numero ${i + 1}: buca, lampione o cassonetto`, latitude: 45.0 + rand() * 0.18, longitude: 7.6 + rand() * 0.25,
        address: null, media: [], status, office: null, source: 'chat', channel: 'memory', reporter: null, reporterIdentity: null, contact: null,
        duplicateOf: null, createdAt: at, updatedAt: at, closedAt: status === 'resolved' || status === 'rejected' ? at : null,
      });
    }
    await fork.insertMany(Report, rows);
  }
  // What a deployment's autovacuum (PostgreSQL) or `optimize` (SQLite) does after a bulk load: fresh
  // planner statistics, and on PostgreSQL the visibility map that lets the capped count read the index only.
  await em().getConnection().execute(config.databaseUrl ? 'vacuum analyze reports_report' : 'analyze');
  await app.stop();
  process.exit(0);
}

const p95 = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return Number(s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!.toFixed(2)); };
async function time(name: string, call: () => Promise<unknown>) {
  await call(); // warm: statement cache, pages in memory
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    await call();
    times.push(performance.now() - a);
  }
  return { name, p95Ms: p95(times), maxMs: Number(Math.max(...times).toFixed(2)) };
}
const queries = [
  await time('list newest 50 (with total)', () => listReports(em(), { limit: 50 })),
  await time('list status=new 50 (with total)', () => listReports(em(), { status: 'new', limit: 50 })),
  await time('list open, category=strade 50', () => listReports(em(), { status: 'open', category: 'strade', limit: 50 })),
  await time('bbox ~1 km² 50 (with total)', () => listReports(em(), { bbox: '7.70,45.08,7.713,45.089', limit: 50 })),
  await time('bbox ~1 km² + status=open', () => listReports(em(), { bbox: '7.70,45.08,7.713,45.089', status: 'open', limit: 50 })),
];

// GeoJSON export of every report, consumed chunk by chunk (as the HTTP layer does), sampling RSS.
global.gc?.();
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
const e0 = performance.now();
let bytes = 0;
let features = 0;
for await (const chunk of reportsGeoJson(em(), {})) {
  bytes += Buffer.byteLength(chunk);
  features += (chunk.match(/"type":"Feature"/g) ?? []).length;
  peak = Math.max(peak, process.memoryUsage().rss);
}
clearInterval(sampler);
const exportMs = performance.now() - e0;

await app.stop();
rmSync(dir, { recursive: true, force: true });
const mb = (n: number) => Number((n / 1024 / 1024).toFixed(1));
for (const q of queries) console.log(`${q.name.padEnd(34)} p95 ${q.p95Ms} ms (max ${q.maxMs})`);
console.log(`GeoJSON export: ${features} features, ${mb(bytes)} MB in ${(exportMs / 1000).toFixed(1)} s; RSS before ${mb(rssBefore)} MB, peak ${mb(peak)} MB`);
console.log(JSON.stringify({ database: config.databaseUrl ? 'postgresql' : 'sqlite', reports: total, seedS: Number((seedMs / 1000).toFixed(1)), queries, export: { features, mb: mb(bytes), seconds: Number((exportMs / 1000).toFixed(1)), rssBeforeMb: mb(rssBefore), peakRssMb: mb(peak) } }));
