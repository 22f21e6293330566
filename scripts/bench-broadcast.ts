/**
 * Broadcast benchmark: seeds N subscribers with bulk SQL, sends one notice through a zero-latency fake
 * channel and measures planning, first delivery, total time, throughput and peak memory.
 *
 *   npm run bench:broadcast -- --subscribers 100000 --db sqlite
 *   npm run bench:broadcast -- --subscribers 1000000 --db postgres
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a throwaway schema.
 * The last line is JSON: {subscribers, planMs, firstDeliveryMs, totalMs, deliveriesPerSec, peakRssMb}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  Category, createCampanile, createLogger, delivery, loadConfig, sqlRunner,
  type ChannelAdapter, type ChannelCapabilities, type DeliveryResult,
} from '../core/index.js';
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
  console.error(`seeded ${subscribers} subscribers in ${Math.round(performance.now() - seedStart)} ms (${values.db}); rss ${Math.round(process.memoryUsage().rss / 1048576)} MB, max ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);

  const notice = await app.notifications.notices.create(tenant, { categoryKey: 'eventi', title: 'Benchmark', text: 'Avviso di prova' });
  let settled = 0;
  let planMs = 0;
  let doneAt = 0;
  const finished = new Promise<void>((resolve) => {
    app.notifications.events.on('outbox:flushed', ({ count }) => {
      settled += count;
      if (settled >= subscribers && !doneAt) {
        doneAt = performance.now();
        resolve();
      }
    });
  });
  const started = performance.now();
  app.notifications.events.on('notice:planned', () => (planMs = performance.now() - started));
  // BENCH_TRACE=1: progress, memory and the planning state every 5 s on stderr (where the time and the RSS go).
  const trace = process.env.BENCH_TRACE
    ? setInterval(() => {
      const m = process.memoryUsage();
      console.error(`+${Math.round((performance.now() - started) / 1000)} s: sent ${fake.sends}, settled ${settled}, planned ${planMs ? 'yes' : 'no'}; rss ${Math.round(m.rss / 1048576)} MB, heap ${Math.round(m.heapUsed / 1048576)}/${Math.round(m.heapTotal / 1048576)} MB, external ${Math.round(m.external / 1048576)} MB`);
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
