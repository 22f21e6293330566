/**
 * Telegram broadcast benchmark: N subscribers (default 3,000) get one notice through the real stack —
 * scheduler, planner, outbox lane, grammY — sent to the fake Telegram Bot API (test/fakes/telegram), which
 * enforces exactly Telegram's limits in every sliding 1-second window (30 msg/s per bot, 1 msg/s per
 * chat) and answers 429 + retry_after beyond them.
 *
 *   npm run bench:telegram
 *   npm run bench:telegram -- --subscribers 3000 --rate 30
 *   npm run bench:telegram -- --mixed --people 300
 *
 * `seconds` runs from "send" to the last delivery committed; `achievedRate` = subscribers / seconds.
 * Target (issue 4): achievedRate ≥ 95% of `limit` and count429 = 0.
 *
 * `--mixed` adds a second phase (issue 22, "One outbound path"): a second notice to the same N subscribers,
 * and once it is sending, P people (`--people`, default 300) press /start through the real adapter
 * (getUpdates polling against the fake, base module answering). The bot has one budget for both, so the
 * phase reports, over the time both were queued (first reply accepted → the earlier of the last reply and
 * the last notice message), replies/s, notice deliveries/s and the bot's total rate against the limit
 * (`phaseRate`: every message of the phase over its first to last acceptance);
 * reply latency from the update's push to the fake accepting the reply (first reply of each person, and
 * every reply: later ones also wait for the 1-per-second chat limit); and the phase's 429s.
 * Targets (issue 22): total rate ≥ 95% of `limit`, at most 3 × 429.
 *
 * The last line is JSON: {subscribers, seconds, achievedRate, limit, count429, mixed?: {…}}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TelegramAdapter } from '../adapters/telegram/index.js';
import { Category, createCampanile, createLogger, loadConfig, sqlRunner } from '../core/internal.js';
import { allModules } from '../modules/index.js';
import { createFakeTelegram, startUpdate } from '../test/fakes/telegram/index.js';
import { seedAudience } from './lib/seed-audience.js';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '3000' }, rate: { type: 'string', default: '30' },
    mixed: { type: 'boolean', default: false }, people: { type: 'string', default: '300' },
  },
});
const subscribers = Number(values.subscribers);
const people = Number(values.people);
const limit = Number(values.rate);
const token = '424242:BENCH-token';
const dir = mkdtempSync(join(tmpdir(), 'campanile-bench-tg-'));

const fake = await createFakeTelegram({ token, acceptUnknownChats: true, limits: { perBotPerSecond: limit, perChatPerSecond: 1 } });
const telegram = new TelegramAdapter({ tenant: 'esempio', token, apiRoot: fake.apiRoot, ratePerSecond: limit });
const app = await createCampanile({
  config: loadConfig({ SQLITE_PATH: join(dir, 'bench.sqlite'), DATA_DIR: dir, CAMPANILE_TENANT_SLUG: 'esempio' }),
  log: createLogger({ level: 'warn' }),
  // The base module answers /start (welcome, category menu) in the mixed phase; the broadcast alone ignores it.
  modules: allModules,
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
  const alone429 = fake.stats().count429;
  const result = {
    subscribers, seconds: Number(seconds.toFixed(2)), achievedRate: Number((subscribers / seconds).toFixed(2)), limit, count429: alone429,
    ...(values.mixed ? { mixed: await mixedPhase(alone429) } : {}),
  };
  console.log(JSON.stringify(result));
} finally {
  await app.stop();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}

/** The mixed phase: a second notice to the same audience, and P people pressing /start while it sends. */
async function mixedPhase(before429: number) {
  const sql = sqlRunner(app.db);
  const firstSeq = fake.sentMessages.length;
  const notice = await app.notifications.notices.create(app.defaultTenant, {
    categoryKey: 'eventi', title: 'Mercato spostato', text: 'Il mercato di sabato si tiene in piazza Garibaldi.',
  });
  const noticeSent = new Promise<void>((resolve) => app.notifications.events.on('notice:sent', (e) => e.noticeId === notice.id && resolve()));
  let turns = 0;
  const allTurns = new Promise<void>((resolve) => app.engine.events.on('turn:done', () => ++turns === people && resolve()));
  await app.notifications.notices.send(app.defaultTenant, notice.id);
  // The broadcast is under way before the crowd arrives.
  await app.notifications.events.once('delivery:sent');
  const pushedAt = new Map<number, number>();
  for (let i = 0; i < people; i += 1) {
    const id = 9_000_000 + i; // far above the seeded audience's chat ids (person ids)
    pushedAt.set(id, performance.now());
    fake.pushUpdate(startUpdate(undefined, { from: { id, first_name: `P${i}` } }));
  }
  const progress = setInterval(() => console.error(`… mixed: ${turns}/${people} turns, ${fake.sentMessages.length - firstSeq} messages, ${fake.stats().count429 - before429} × 429`), 10_000);
  await Promise.all([allTurns, noticeSent]);
  // A turn is done at its replies' first outcome; wait until every reply row is sent (or ended otherwise).
  const open = async () => Number((await sql.rows(`select count(*) as n from delivery where kind = 'reply' and state in ('pending', 'sending')`))[0]?.n);
  while ((await open()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  clearInterval(progress);

  const phase = fake.sentMessages.slice(firstSeq);
  const replies = phase.filter((m) => pushedAt.has(m.chatId));
  const notices = phase.filter((m) => !pushedAt.has(m.chatId));
  const replyRows = Number((await sql.rows(`select count(*) as n from delivery where kind = 'reply' and state = 'sent'`))[0]?.n);
  // "Both queued": from the first reply the fake accepted to whichever of the two streams ended first.
  const begin = Math.min(...replies.map((m) => m.at));
  const end = Math.min(Math.max(...replies.map((m) => m.at)), Math.max(...notices.map((m) => m.at)));
  const within = (m: { at: number }) => m.at >= begin && m.at <= end;
  const bothSeconds = (end - begin) / 1000;
  const rate = (n: number) => Number((n / bothSeconds).toFixed(2));
  const replyRate = rate(replies.filter(within).length);
  const noticeRate = rate(notices.filter(within).length);
  // The whole phase, first to last message the fake accepted (what the acceptance test measures).
  const phaseTimes = phase.map((m) => m.at);
  const phaseRate = Number(((phase.length - 1) / ((Math.max(...phaseTimes) - Math.min(...phaseTimes)) / 1000)).toFixed(2));
  const firstReply = new Map<number, number>();
  for (const m of replies) if (!firstReply.has(m.chatId)) firstReply.set(m.chatId, m.at - pushedAt.get(m.chatId)!);
  const stats = await app.notifications.noticeStats(app.defaultTenant, notice.id);
  console.error(
    `mixed: ${people} people, ${replies.length} replies accepted (${replyRows} reply rows sent), notice ${stats.byState.sent} sent / ${stats.byState.failed} failed; ` +
      `both queued for ${bothSeconds.toFixed(1)} s: ${replyRate} replies/s + ${noticeRate} notice/s of ${limit}/s`,
  );
  return {
    people, replies: replies.length, noticeDeliveries: notices.length, bothQueuedSeconds: Number(bothSeconds.toFixed(2)),
    replyRate, noticeRate, totalRate: Number((replyRate + noticeRate).toFixed(2)), phaseRate, limit,
    firstReplyLatencyMs: percentiles([...firstReply.values()]),
    replyLatencyMs: percentiles(replies.map((m) => m.at - pushedAt.get(m.chatId)!)),
    count429: fake.stats().count429 - before429,
  };
}

/** p50/p95/p99 (nearest rank), in ms with one decimal. */
function percentiles(values: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN).toFixed(1));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
