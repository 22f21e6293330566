/**
 * Broadcast benchmark: seeds N subscribers with bulk SQL, sends one notice through a zero-latency fake
 * channel and measures planning, first delivery, total time, throughput and peak memory.
 *
 *   npm run bench:broadcast -- --subscribers 100000 --db sqlite
 *   npm run bench:broadcast -- --subscribers 1000000 --db postgres
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a throwaway schema.
 * Before it, one line gives the rate of each tenth of the broadcast (deliveries/s, by committed outcomes), so
 * a slowdown in the tail shows. The last line is JSON: {subscribers, planMs, firstDeliveryMs, totalMs,
 * deliveriesPerSec, peakRssMb}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import pg from 'pg';
import {
  Category, createCampanile, createLogger, delivery, loadConfig, sqlRunner,
  type ChannelAdapter, type ChannelCapabilities, type DeliveryResult,
} from '../core/internal.js';
import { seedAudience } from './lib/seed-audience.js';

const { values } = parseArgs({ options: { subscribers: { type: 'string', default: '100000' }, db: { type: 'string', default: 'sqlite' } } });
const subscribers = Number(values.subscribers);
const onPostgres = values.db === 'postgres' || values.db === 'postgresql';
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'campanile-bench-'));

const capabilities: ChannelCapabilities = {
  maxTextLength: 4096, maxCaptionLength: 1024, maxChoiceButtons: 0, maxButtonLabel: 0, list: null, linkButtons: true,
  locationRequest: false, edit: false, delete: false, media: {}, inboundMedia: {}, canInitiate: true, replyWindowHours: null,
  rateLimits: { perAccount: { count: 1e9, perMs: 1000 }, perChat: { count: 1e9, perMs: 1000 } },
};

/** Zero latency: every send resolves at once. */
class FakeChannel implements ChannelAdapter {
  readonly channel = 'fake';
  readonly account = 'default';
  readonly capabilities = capabilities;
  sends = 0;
  firstAt = 0;
  async send(): Promise<DeliveryResult> {
    if (this.sends++ === 0) this.firstAt = performance.now();
    return delivery.delivered(String(this.sends));
  }
}

const fake = new FakeChannel();
const app = await createCampanile({
  config: loadConfig({ ...(onPostgres ? { DATABASE_URL: pgUrl } : {}), SQLITE_PATH: join(dir, 'bench.sqlite'), DATA_DIR: dir }),
  log: createLogger({ level: 'warn' }),
  modules: [],
  adapters: [{ adapter: fake }],
  ...(onPostgres ? { pgSchema: schema } : {}),
  notifications: { pollIntervalMs: 20, laneTickMs: 100, schedulerIntervalMs: 100 },
});
try {
  await app.start();
  const tenant = app.defaultTenant;
  const em = app.services.tenants.scopedEm(tenant.id);
  const eventi = await em.findOneOrFail(Category, { key: 'eventi' });
  const seedStart = performance.now();
  await seedAudience(sqlRunner(app.db), {
    tenantId: tenant.id, tenantSlug: tenant.slug, count: subscribers, channel: 'fake', account: 'default',
    subscriptions: [{ categoryId: eventi.id, every: 1 }],
  });
  if (onPostgres) await sqlRunner(app.db).rows('analyze');
  // The engine must run as `npm start` runs it: the script passes package.json's config.nodeOptions.
  console.error(`NODE_OPTIONS: ${process.env.NODE_OPTIONS ?? '(none)'}; V8 heap limit ${Math.round(getHeapStatistics().heap_size_limit / 1048576)} MB`);
  console.error(`seeded ${subscribers} subscribers in ${Math.round(performance.now() - seedStart)} ms (${values.db}); rss ${Math.round(process.memoryUsage().rss / 1048576)} MB, max ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);

  const notice = await app.notifications.notices.create(tenant, { categoryKey: 'eventi', title: 'Benchmark', text: 'Avviso di prova' });
  let settled = 0;
  let planMs = 0;
  let doneAt = 0;
  // When each tenth of the audience was settled (performance.now()): the rate per tenth shows a slow tail.
  const tenths: number[] = [];
  const finished = new Promise<void>((resolve) => {
    app.notifications.events.on('outbox:flushed', ({ count }) => {
      settled += count;
      while (tenths.length < 10 && settled >= (subscribers * (tenths.length + 1)) / 10) tenths.push(performance.now());
      if (settled >= subscribers && !doneAt) {
        doneAt = performance.now();
        resolve();
      }
    });
  });
  const started = performance.now();
  app.notifications.events.on('notice:planned', () => (planMs = performance.now() - started));
  // BENCH_TRACE=1: progress, memory, the planning state and the database time per statement every 5 s on
  // stderr (where the time and the RSS go).
  const statements = new Map<string, { n: number; ms: number }>();
  if (process.env.BENCH_TRACE) {
    const knex = app.db.em.getKnex();
    const began = new Map<string, number>();
    knex.on('query', (q: { __knexQueryUid: string }) => began.set(q.__knexQueryUid, performance.now()));
    knex.on('query-response', (_rows: unknown, q: { __knexQueryUid: string; sql: string }) => {
      const at = began.get(q.__knexQueryUid);
      began.delete(q.__knexQueryUid);
      if (at === undefined) return;
      const kind = q.sql.replace(/\s+/g, ' ').trim().slice(0, 48);
      const stat = statements.get(kind) ?? { n: 0, ms: 0 };
      stat.n += 1;
      stat.ms += performance.now() - at;
      statements.set(kind, stat);
    });
  }
  const trace = process.env.BENCH_TRACE
    ? setInterval(() => {
      const top = [...statements].sort((a, b) => b[1].ms - a[1].ms).slice(0, 4);
      console.error(`  db: ${top.map(([kind, { n, ms }]) => `${n}× ${Math.round(ms / n)} ms "${kind}"`).join(' · ')}`);
      statements.clear();
      const m = process.memoryUsage();
      console.error(`+${Math.round((performance.now() - started) / 1000)} s: sent ${fake.sends}, settled ${settled}, planned ${planMs ? 'yes' : 'no'}; rss ${Math.round(m.rss / 1048576)} MB, heap ${Math.round(m.heapUsed / 1048576)}/${Math.round(m.heapTotal / 1048576)} MB, external ${Math.round(m.external / 1048576)} MB (array buffers ${Math.round(m.arrayBuffers / 1048576)} MB)`);
    }, 5000)
    : undefined;
  await app.notifications.notices.send(tenant, notice.id);
  await finished;
  if (trace) clearInterval(trace);
  const totalMs = doneAt - started;
  const stats = await app.notifications.noticeStats(tenant, notice.id);
  if (stats.byState.sent !== subscribers || fake.sends !== subscribers) {
    throw new Error(`expected ${subscribers} sent once each, got ${stats.byState.sent} rows sent and ${fake.sends} channel sends`);
  }
  const result = {
    subscribers,
    planMs: Math.round(planMs),
    firstDeliveryMs: Math.round(fake.firstAt - started),
    totalMs: Math.round(totalMs),
    deliveriesPerSec: Math.round(subscribers / (totalMs / 1000)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  await app.stop();
  // The first tenth runs from the first channel call, not from "send" (planning's first chunk is planMs's business).
  const rates = tenths.map((at, i) => Math.round(subscribers / 10 / ((at - (i === 0 ? fake.firstAt : tenths[i - 1]!)) / 1000)));
  console.log(`deliveries/s per tenth: ${rates.join(' ')} (first 10% ${rates[0]}/s, last 10% ${rates[9]}/s)`);
  console.log(JSON.stringify(result));
} finally {
  if (onPostgres) {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
  rmSync(dir, { recursive: true, force: true });
}
