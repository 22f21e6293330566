/**
 * Telegram broadcast benchmark: N subscribers (default 3,000) get one notice through the real stack —
 * scheduler, planner, outbox lane, grammY — sent to the fake Telegram Bot API (test/fakes/telegram), which
 * enforces exactly Telegram's limits in every sliding 1-second window (30 msg/s per bot, 1 msg/s per
 * chat) and answers 429 + retry_after beyond them.
 *
 *   npm run bench:telegram
 *   npm run bench:telegram -- --subscribers 3000 --rate 30
 *
 * `seconds` runs from "send" to the last delivery committed; `achievedRate` = subscribers / seconds.
 * Target (issue 4): achievedRate ≥ 95% of `limit` and count429 = 0.
 * The last line is JSON: {subscribers, seconds, achievedRate, limit, count429}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TelegramAdapter } from '../adapters/telegram/index.js';
import { Category, createCampanile, createLogger, loadConfig, sqlRunner } from '../core/index.js';
import { createFakeTelegram } from '../test/fakes/telegram/index.js';
import { seedAudience } from './lib/seed-audience.js';

const { values } = parseArgs({ options: { subscribers: { type: 'string', default: '3000' }, rate: { type: 'string', default: '30' } } });
const subscribers = Number(values.subscribers);
const limit = Number(values.rate);
const token = '424242:BENCH-token';
const dir = mkdtempSync(join(tmpdir(), 'campanile-bench-tg-'));

const fake = await createFakeTelegram({ token, acceptUnknownChats: true, limits: { perBotPerSecond: limit, perChatPerSecond: 1 } });
const telegram = new TelegramAdapter({ tenant: 'esempio', token, apiRoot: fake.apiRoot, ratePerSecond: limit });
const app = await createCampanile({
  config: loadConfig({ SQLITE_PATH: join(dir, 'bench.sqlite'), DATA_DIR: dir, CAMPANILE_TENANT_SLUG: 'esempio' }),
  log: createLogger({ level: 'warn' }),
  modules: [],
  adapters: [{ adapter: telegram, tenant: 'esempio' }],
  notifications: { pollIntervalMs: 20, laneTickMs: 100, schedulerIntervalMs: 100 },
});
try {
  await app.start();
  const tenant = app.defaultTenant;
  const eventi = await app.services.tenants.scopedEm(tenant.id).findOneOrFail(Category, { key: 'eventi' });
  await seedAudience(sqlRunner(app.db), {
    tenantId: tenant.id, tenantSlug: tenant.slug, count: subscribers, channel: 'telegram', account: telegram.account,
    subscriptions: [{ categoryId: eventi.id, every: 1 }],
  });
  const notice = await app.notifications.notices.create(tenant, {
    categoryKey: 'eventi', title: 'Chiusura strada', text: 'Via Roma chiusa domani dalle 8 alle 18 per lavori.', linkUrl: 'https://example.org/avvisi/1',
  });
  const done = new Promise<void>((resolve) => {
    app.notifications.events.on('notice:sent', (e) => {
      if (e.noticeId === notice.id) resolve();
    });
  });
  let settled = 0;
  let lastAt = 0;
  app.notifications.events.on('delivery:sent', () => {
    settled += 1;
    lastAt = performance.now();
  });
  const progress = setInterval(() => console.error(`… ${settled}/${subscribers} sent, ${fake.stats().count429} × 429`), 10_000);
  const start = performance.now();
  await app.notifications.notices.send(tenant, notice.id);
  await done;
  clearInterval(progress);
  const seconds = (lastAt - start) / 1000;
  const stats = await app.notifications.noticeStats(tenant, notice.id);
  const sentTimes = fake.sentMessages.map((m) => m.at).sort((a, b) => a - b);
  let maxWindow = 0;
  for (let end = 0, begin = 0; end < sentTimes.length; end += 1) {
    while (sentTimes[end]! - sentTimes[begin]! >= 1000) begin += 1;
    maxWindow = Math.max(maxWindow, end - begin + 1);
  }
  console.error(
    `node ${process.version}; ${stats.byState.sent} sent, ${stats.byState.failed} failed; fake accepted ${fake.sentMessages.length}; ` +
      `busiest sliding second at the fake: ${maxWindow} messages`,
  );
  const result = {
    subscribers, seconds: Number(seconds.toFixed(2)), achievedRate: Number((subscribers / seconds).toFixed(2)), limit, count429: fake.stats().count429,
  };
  console.log(JSON.stringify(result));
} finally {
  await app.stop();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
