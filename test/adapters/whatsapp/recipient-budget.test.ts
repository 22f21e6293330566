import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { RecipientBudget, WhatsAppAdapter } from '../../../adapters/whatsapp/index.js';
import { ChannelRecipientWindow, createCampanile, createLogger, loadConfig, memoryRecipientQuota, plain, type Campanile, type ConversationRef } from '../../../core/internal.js';
import { FAST_NOTIFICATIONS } from '../../helpers/campanile.js';
import { onPostgres, testDatabase } from '../../helpers/database.js';
import { FakeGraphApi } from '../../fakes/whatsapp/fake-graph-api.js';

const secrets = { token: 'test-token', phoneNumberId: '106540352242922', appSecret: 'app-secret', verifyToken: 'verify-me' };
const HOUR = 3_600_000;
const template = { name: 'nuovo_avviso', language: 'it', variables: ['Comune di Esempio'] };
const outside = { lastInboundAt: null };
const ref = (chatId: string): ConversationRef => ({ tenant: 'esempio', channel: 'whatsapp', account: 'default', chatId, extra: { recipient: 'wa_id' } });

/**
 * Starts Campanile processes on one database (a SQLite file, or one PostgreSQL schema), each with its own
 * WhatsApp adapter for the same number and a daily budget of `limit`, as `npm start` wires it.
 */
async function processes(t: Test, graph: FakeGraphApi, limit: number) {
  const target = testDatabase(t);
  const dir = mkdtempSync(join(tmpdir(), 'campanile-budget-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const running: Campanile[] = [];
  t.teardown(async () => {
    for (const app of running) await app.stop().catch(() => undefined);
  });
  return async () => {
    const whatsapp = new WhatsAppAdapter({ ...secrets, apiRoot: graph.apiRoot, dailyRecipients: limit });
    const app = await createCampanile({
      config: loadConfig({ DATABASE_URL: target.databaseUrl, SQLITE_PATH: join(dir, 'campanile.sqlite'), DATA_DIR: dir }),
      log: createLogger({ level: 'silent' }),
      modules: [],
      adapters: [{ adapter: whatsapp }],
      ...(target.pgSchema ? { pgSchema: target.pgSchema } : {}),
      notifications: FAST_NOTIFICATIONS,
    });
    await app.start();
    running.push(app);
    return { app, whatsapp, stop: async () => {
      await app.stop();
      running.splice(running.indexOf(app), 1);
    } };
  };
}

t.test('the budget refuses a new person once the tier is spent; a budget given its own quota keeps it', async (t) => {
  t.throws(() => new RecipientBudget({ limit: 0 }), /WHATSAPP_DAILY_RECIPIENTS/);
  let now = 0;
  const pinned = memoryRecipientQuota();
  const budget = new RecipientBudget({ limit: 1, now: () => now, quota: pinned });
  budget.useRuntimeQuota(memoryRecipientQuota());
  t.notOk(budget.persisted, 'a quota given in the options is not replaced by the runtime’s');
  t.same(await budget.tryConsume('n1', 'a'), { ok: true });
  now = 1000;
  t.same(await budget.tryConsume('n1', 'b'), { ok: false, retryAt: 24 * HOUR });
  t.same(await pinned.tryConsume({ account: 'n1', recipient: 'c', limit: 1, windowMs: 24 * HOUR, now }), { ok: false, retryAt: 24 * HOUR }, 'counted in the pinned quota');
  const wired = new RecipientBudget({ limit: 1 });
  wired.useRuntimeQuota(memoryRecipientQuota());
  t.ok(wired.persisted, 'a default budget keeps its count where the runtime says');
});

t.test('the daily budget survives a restart: a new Campanile on the same database remembers who was counted', async (t) => {
  const graph = await FakeGraphApi.start(t, { token: secrets.token, phoneNumberId: secrets.phoneNumberId });
  const start = await processes(t, graph, 2);
  const first = await start();
  t.ok(first.whatsapp.budget.persisted, 'the wired adapter counts in the database');
  for (const chat of ['391', '392']) t.equal((await first.whatsapp.send(ref(chat), { text: plain('Avviso'), template }, undefined, outside)).status, 'delivered');
  t.match(await first.whatsapp.send(ref('393'), { text: plain('Avviso'), template }, undefined, outside), { status: 'rate-limited', scope: 'chat', reason: /daily budget of 2 unique recipients/ });
  await first.stop();

  const second = await start();
  const refused = await second.whatsapp.send(ref('394'), { text: plain('Avviso'), template }, undefined, outside);
  t.match(refused, { status: 'rate-limited', scope: 'chat' }, 'after the restart the two slots are still taken');
  t.ok(refused.status === 'rate-limited' && refused.retryAfterMs > 23 * HOUR, 'until the first slot frees, 24 h after it was taken');
  t.equal((await second.whatsapp.send(ref('391'), { text: plain('Avviso'), template }, undefined, outside)).status, 'delivered', 'someone counted before the restart costs nothing');
  t.same(graph.sent.map((s) => s.to), ['391', '392', '391']);
  const rows = await second.app.db.em.fork().find(ChannelRecipientWindow, {}, { filters: false, orderBy: { recipient: 'asc' } });
  t.same(rows.map((r) => [r.channel, r.account, r.recipient]), [['whatsapp', secrets.phoneNumberId, '391'], ['whatsapp', secrets.phoneNumberId, '392']], 'counted per phone number id');
});

t.test('two Campanile processes on one PostgreSQL sending for one number never exceed its tier together', { skip: !onPostgres() && 'needs PostgreSQL (TEST_DATABASE_URL): a SQLite database serves one process' }, async (t) => {
  const graph = await FakeGraphApi.start(t, { token: secrets.token, phoneNumberId: secrets.phoneNumberId });
  const start = await processes(t, graph, 5);
  const [a, b] = [await start(), await start()];
  // 40 people outside the window, half through each process, all at once; 391000–391009 go through both.
  const chats = Array.from({ length: 40 }, (_, i) => String(391000 + i));
  const sends = [
    ...chats.slice(0, 25).map((chat) => a.whatsapp.send(ref(chat), { text: plain('Avviso'), template }, undefined, outside)),
    ...[...chats.slice(25), ...chats.slice(0, 10)].map((chat) => b.whatsapp.send(ref(chat), { text: plain('Avviso'), template }, undefined, outside)),
  ];
  const results = await Promise.all(sends);
  const reached = new Set(graph.sent.map((s) => s.to));
  t.equal(reached.size, 5, `exactly the tier of unique people reached (${[...reached].join(', ')})`);
  t.ok(results.every((r) => r.status === 'delivered' || (r.status === 'rate-limited' && r.scope === 'chat')), 'everyone else waits for the next window');
  t.equal(results.filter((r) => r.status === 'rate-limited').length, results.length - graph.sent.length);
});
