import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { pino } from 'pino';
import { TelegramAdapter, type TelegramAdapterOptions } from '../../../adapters/telegram/index.js';
import { ClusterLease, createCampanile, loadConfig, type Campanile, type LeaseKeeperEvents, type TurnDone } from '../../../core/internal.js';
import { createFakeTelegram, startUpdate, textUpdate, type FakeTelegram } from '../../fakes/telegram/index.js';
import { FAST_NOTIFICATIONS } from '../../helpers/campanile.js';
import { nextLeaseEvent } from '../../helpers/lease-events.js';
import { onPostgres, testDatabase, type TestDatabase } from '../../helpers/database.js';
import { TOKEN } from './telegram-app.js';

const KEY = `telegram:polling:${TOKEN.split(':')[0]}`;
/** The key as the adapter names it in its log lines (which carry `channel: 'telegram'`). */
const LOGGED_KEY = `polling:${TOKEN.split(':')[0]}`;
// Renewals and retries every 20 ms; a TTL no test waits for (expiry is seeded, never slept through).
const LEASE = { ttlMs: 60_000, renewMs: 20, retryMs: 20 };

/** One Campanile process: its log lines, its turns, its Telegram adapter for the shared bot. */
interface Proc {
  readonly app: Campanile;
  readonly telegram: TelegramAdapter;
  readonly turns: TurnDone[];
  readonly lines: Record<string, unknown>[];
  stop(): Promise<void>;
}

/**
 * Starts Campanile processes on one database (the test's SQLite or PostgreSQL schema) as `npm start`
 * would, each with a Telegram adapter for the same bot on the same fake Bot API. The fake closes last.
 */
function processes(t: Test, fake: FakeTelegram, database: TestDatabase = testDatabase(t)) {
  const running: Proc[] = [];
  t.teardown(async () => {
    for (const proc of [...running].reverse()) await proc.stop();
    await fake.close();
  });
  return async (adapter: Partial<TelegramAdapterOptions> = {}, options: { withTelegram?: boolean } = {}): Promise<Proc> => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk)) as Record<string, unknown>); done(); } });
    const telegram = new TelegramAdapter({ tenant: 'esempio', token: TOKEN, apiRoot: fake.apiRoot, pollingLease: LEASE, ...adapter });
    const app = await createCampanile({
      config: loadConfig({ DATABASE_URL: database.databaseUrl, SQLITE_PATH: database.sqlitePath, DATA_DIR: '/tmp/campanile-test' }),
      log: pino({ level: 'info' }, stream),
      modules: [],
      adapters: options.withTelegram === false ? [] : [{ adapter: telegram, tenant: 'esempio' }],
      ...(database.pgSchema ? { pgSchema: database.pgSchema } : {}),
      notifications: FAST_NOTIFICATIONS,
    });
    const turns: TurnDone[] = [];
    app.engine.events.on('turn:done', (done) => turns.push(done));
    await app.start();
    const proc: Proc = {
      app, telegram, turns, lines,
      async stop() {
        const at = running.indexOf(proc);
        if (at < 0) return;
        running.splice(at, 1);
        await app.stop();
      },
    };
    running.push(proc);
    return proc;
  };
}

/** Resolves once `turns` has `count` entries (checked on every turn, no sleeping). */
function turnsDone(proc: Proc, count: number, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (proc.turns.length >= count) return resolve();
    const timer = setTimeout(() => reject(new Error(`only ${proc.turns.length} of ${count} turns in ${timeoutMs} ms`)), timeoutMs);
    proc.app.engine.events.on('turn:done', () => {
      if (proc.turns.length < count) return;
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The next `event` of a Telegram adapter's polling lease. */
function leaseEvent(telegram: TelegramAdapter, event: keyof LeaseKeeperEvents, timeoutMs = 5000): Promise<void> {
  const keeper = telegram.pollingLease;
  if (!keeper) throw new Error('the adapter polls without a lease: start it in polling mode on a Campanile first');
  return nextLeaseEvent(keeper, event, timeoutMs);
}

const conflictsSeen = (proc: Proc) => proc.lines.filter((l) => /another instance polls this bot/.test(String(l.msg)));

t.test('two processes on one PostgreSQL, one bot: only the lease holder polls, no 409; the holder stops → the other takes over', { skip: !onPostgres() && 'needs PostgreSQL (TEST_DATABASE_URL): two processes on one database' }, async (t) => {
  const fake = await createFakeTelegram({ token: TOKEN, limits: false });
  const start = processes(t, fake);
  const firstPoll = fake.nextEvent((e) => e.type === 'request' && e.method === 'getUpdates');
  const a = await start();
  await firstPoll;
  const b = await start();
  t.equal(a.telegram.pollingState, 'polling', 'the first process to start polls');
  t.equal(b.telegram.pollingState, 'standby', 'the second stands by');
  t.ok(b.lines.some((l) => l.key === LOGGED_KEY && l.channel === 'telegram' && /another process holds the lease: standing by/.test(String(l.msg))), 'and says so, with the key');

  fake.pushUpdate(startUpdate('cat_eventi'));
  await turnsDone(a, 1);
  // Many renewals and standby retries (every 20 ms) go by: still one poller.
  await sleep(150);
  t.equal(b.turns.length, 0, 'the standby received nothing');
  t.equal(b.telegram.pollingState, 'standby');
  t.equal(fake.stats().pollConflicts, 0, 'Telegram never ended a poll with 409');
  const rows = await a.app.db.em.fork().find(ClusterLease, {});
  t.same(rows.map((r) => r.key), [KEY], 'one lease row, keyed by the bot id');
  t.notMatch(JSON.stringify(rows), /TEST-token/, 'never by the token');

  // The holder stops (a deploy): it confirms its last batch, then releases; the standby takes over.
  const takeover = leaseEvent(b.telegram, 'lease:acquired');
  await a.stop();
  await takeover;
  t.equal(b.telegram.pollingState, 'polling');
  fake.pushUpdate(textUpdate('Quando passa la raccolta?'));
  await turnsDone(b, 1);
  t.equal(b.turns.length, 1, 'the next update reached the new holder, and the first was not received again (confirmed)');
  t.equal(a.turns.length, 1);
  t.equal(fake.stats().pollConflicts, 0, 'no 409 during the handover');
  t.same([...conflictsSeen(a), ...conflictsSeen(b)], [], 'no poller saw a 409');
  t.ok(a.lines.some((l) => l.msg === 'lease released' && l.key === LOGGED_KEY && l.channel === 'telegram'), 'the holder logged the release');
  t.notMatch(JSON.stringify([...a.lines, ...b.lines]), /TEST-token/, 'the token never reaches the log');
});

t.test('a crashed holder’s expired lease does not block; a live one of another process does until it ends; detach releases it', async (t) => {
  const fake = await createFakeTelegram({ token: TOKEN, limits: false });
  const start = processes(t, fake);
  const proc = await start({}, { withTelegram: false });
  const em = proc.app.db.em.fork();
  // The state a crash leaves behind: a lease whose holder died, expired a while ago.
  em.create(ClusterLease, { key: KEY, holder: 'web-2:4242:deadbeef', expiresAt: Date.now() - 1000, acquiredAt: Date.now() - 90_000 });
  await em.flush();

  const polled = fake.nextEvent((e) => e.type === 'request' && e.method === 'getUpdates');
  const first = new TelegramAdapter({ tenant: 'esempio', token: TOKEN, apiRoot: fake.apiRoot, pollingLease: LEASE });
  await proc.app.attachAdapter(first, { tenant: 'esempio' });
  t.equal(first.pollingState, 'polling', 'taken over from the dead process at start');
  await polled;
  const row = await proc.app.db.em.fork().findOne(ClusterLease, { key: KEY });
  t.not(row?.holder, 'web-2:4242:deadbeef');
  t.ok((row?.expiresAt ?? 0) > Date.now(), 'renewed into the future');

  await proc.app.detachAdapter('telegram', 'default', 'esempio');
  t.equal(first.pollingState, 'off');
  t.equal(await proc.app.db.em.fork().findOne(ClusterLease, { key: KEY }), null, 'released on detach');

  // Another process holds the bot now (its lease runs for a minute): the new adapter waits.
  const live = proc.app.db.em.fork();
  live.create(ClusterLease, { key: KEY, holder: 'web-3:77:cafebabe', expiresAt: Date.now() + 60_000, acquiredAt: Date.now() });
  await live.flush();
  const second = new TelegramAdapter({ tenant: 'esempio', token: TOKEN, apiRoot: fake.apiRoot, pollingLease: LEASE });
  await proc.app.attachAdapter(second, { tenant: 'esempio' });
  t.equal(second.pollingState, 'standby');
  const before = fake.stats().calls.getUpdates ?? 0;
  await sleep(100); // five retries
  t.equal(fake.stats().calls.getUpdates ?? 0, before, 'no getUpdates while standing by');

  // That process stops and releases: taken over at the next retry, and the bot answers again.
  const takeover = leaseEvent(second, 'lease:acquired');
  await proc.app.db.em.fork().nativeDelete(ClusterLease, { key: KEY });
  await takeover;
  fake.pushUpdate(startUpdate());
  await turnsDone(proc, 1);
  t.equal(second.pollingState, 'polling');
});

t.test('a polling lease taken by another process (this one stalled past its TTL): polling stops at once, without confirming', async (t) => {
  const fake = await createFakeTelegram({ token: TOKEN, limits: false });
  const start = processes(t, fake);
  const polled = fake.nextEvent((e) => e.type === 'request' && e.method === 'getUpdates');
  const proc = await start();
  await polled;
  t.equal(proc.telegram.pollingState, 'polling');

  const lost = leaseEvent(proc.telegram, 'lease:lost');
  const calls: string[] = [];
  fake.events.on((e) => {
    if (e.type === 'request' && e.method === 'getUpdates') calls.push(`getUpdates timeout=${String(e.params.timeout)}`);
  });
  await proc.app.db.em.fork().nativeUpdate(ClusterLease, { key: KEY }, { holder: 'web-9:1:thief', acquiredAt: Date.now() });
  await lost;
  t.equal(proc.telegram.pollingState, 'standby', 'stopped at its next renewal, standing by');
  t.same(calls, [], 'no further getUpdates, not even the confirming one (it would end the new holder’s poll)');
  t.ok(proc.lines.some((l) => l.msg === 'lease lost: another process holds it now; work stopped' && l.key === LOGGED_KEY && l.channel === 'telegram'), 'a warning names the key');
});

t.test('webhook mode: detaching the account deletes the webhook (pending updates kept); a plain stop does not', async (t) => {
  const fake = await createFakeTelegram({ token: TOKEN, limits: false });
  const start = processes(t, fake);
  const webhook = { mode: 'webhook' as const, webhook: { publicUrl: 'http://127.0.0.1:9', secret: 'test_secret-0123456789' } };

  const restarted = await start(webhook);
  t.equal(fake.stats().calls.setWebhook, 1);
  t.equal(restarted.telegram.pollingState, 'off');
  await restarted.stop();
  t.equal(fake.stats().calls.deleteWebhook ?? 0, 0, 'a restart keeps the webhook');
  const info = await fetch(`${fake.apiRoot}/bot${TOKEN}/getWebhookInfo`).then((r) => r.json()) as { result: { url: string } };
  t.equal(info.result.url, 'http://127.0.0.1:9/webhooks/telegram/esempio', 'still set at Telegram');

  const proc = await start(webhook);
  const deleted = fake.nextEvent((e) => e.type === 'request' && e.method === 'deleteWebhook');
  t.equal(await proc.app.detachAdapter('telegram', 'default', 'esempio'), true);
  const request = await deleted;
  t.notOk(request.type === 'request' && request.params.drop_pending_updates, 'pending updates are not dropped');
  t.equal(fake.stats().calls.deleteWebhook, 1);
  t.ok(proc.lines.some((l) => l.msg === 'telegram webhook deleted: the account was detached'));

  // Detached as a shutdown (the admin API closing with its live accounts): kept.
  const other = await start(webhook, { withTelegram: false });
  await other.app.attachAdapter(other.telegram, { tenant: 'esempio' });
  await other.app.detachAdapter('telegram', 'default', 'esempio', { reason: 'shutdown' });
  t.equal(fake.stats().calls.deleteWebhook, 1, 'no second deleteWebhook');
});
