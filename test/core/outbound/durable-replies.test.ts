import t from 'tap';
import { MemoryAdapter } from '../../../adapters/memory/index.js';
import { failDeliveries, sqlRunner, toPlainText } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { onPostgres, testDatabase, type TestDatabase } from '../../helpers/database.js';

/** One database for two processes in turn: a PostgreSQL schema, or a SQLite file (`:memory:` dies with its process). */
function sharedDatabase(t: Test): TestDatabase {
  if (onPostgres()) return testDatabase(t);
  const dir = mkdtempSync(join(tmpdir(), 'campanile-durable-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return { databaseUrl: undefined, pgSchema: undefined, sqlitePath: join(dir, 'campanile.sqlite') };
}

// A turn's replies are outbox rows committed with the turn (issue "One outbound path"). These tests start
// from the state a process leaves when it dies right after that commit (style rule 14).

/** Waits until the turn's reply rows are committed (the dead process never sends them). */
async function replyRows(sql: ReturnType<typeof sqlRunner>, count: number): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    const [row] = await sql.rows(`select count(*) as n from delivery where kind = 'reply'`);
    if (Number(row?.n) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the reply rows were never committed');
}

t.test('replies committed by a process that sent nothing go out from the next process on the database', async (t) => {
  const database = sharedDatabase(t);
  // The first process commits the turn but never sends (it plans, it does not dispatch): as if killed after the commit.
  const first = await buildApp(t, { database, notifications: { dispatch: false } });
  void first.app.engine.handle({ ...first.memory.base(first.tenant, '42'), kind: 'command', command: 'start', argument: '' });
  await replyRows(sqlRunner(first.app.db), 2);
  t.equal(first.memory.sent.length, 0, 'nothing was sent before the crash');
  await first.app.stop();

  const memory = new MemoryAdapter();
  const delivered = new Promise<void>((resolve) => {
    memory.onSend = () => {
      if (memory.sent.length + 1 >= 2) setImmediate(resolve);
      return undefined;
    };
  });
  const second = await buildApp(t, { database, memory });
  await delivered;
  await second.app.engine.drain();
  t.equal(memory.sent.length, 2, 'both replies arrived, once each');
  t.match(toPlainText(memory.sent[0]!.message.text!), /Comune di Esempio/, 'the welcome first, then the categories: in order');
  t.ok(memory.sent[1]!.message.choices?.length, 'the category menu second');
  const states = () => sqlRunner(second.app.db).rows(`select state from delivery where kind = 'reply' order by id`);
  // Outcomes are flushed in batches a few ms after the send.
  for (let i = 0; i < 100 && (await states()).some((r) => r.state !== 'sent'); i += 1) await second.app.notifications.events.once('outbox:flushed');
  t.same((await states()).map((r) => r.state), ['sent', 'sent']);
  const metrics = await second.app.metrics.render();
  t.match(metrics, /campanile_reply_latency_seconds_count\{channel="memory"\} 2/, 'reply latency observed per reply');
  t.match(metrics, /campanile_outbox_pending\{lane="\d+:memory:default",priority="reply"\} 0/, 'queue depth per priority');
});

t.test('replies claimed by a process that died are taken over with its lane and sent, and its late writes change nothing', async (t) => {
  const database = sharedDatabase(t);
  const first = await buildApp(t, { database, notifications: { dispatch: false } });
  void first.app.engine.handle({ ...first.memory.base(first.tenant, '7'), kind: 'command', command: 'start', argument: '' });
  const sql = sqlRunner(first.app.db);
  await replyRows(sql, 2);
  // What a dead dispatcher leaves: its rows claimed, its lane lease expired long ago.
  const lane = `${first.app.defaultTenant.id}:memory:default`;
  await sql.rows(`update delivery set state = 'sending', locked_by = 'dead-worker', locked_at = ?, attempts = 1 where kind = 'reply'`, [Date.now() - 1000]);
  await sql.rows(`insert into outbox_lane (lane, owner, expires_at) values (?, 'dead-worker', ?) on conflict (lane) do update set owner = 'dead-worker', expires_at = excluded.expires_at`, [lane, Date.now() - 60_000]);
  await first.app.stop();

  const memory = new MemoryAdapter();
  const second = await buildApp(t, { database, memory, notifications: { laneLeaseMs: 200 } });
  for (let i = 0; i < 500 && memory.sent.length < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  t.equal(memory.sent.length, 2, 'the replies of the dead process arrived');
  t.ok(memory.sent[1]!.message.choices?.length, 'in order');
  const states = () => sqlRunner(second.app.db).rows(`select state from delivery where kind = 'reply' order by id`);
  for (let i = 0; i < 100 && (await states()).some((r) => r.state !== 'sent'); i += 1) await second.app.notifications.events.once('outbox:flushed');
  t.same((await states()).map((r) => r.state), ['sent', 'sent']);
  // The dead worker's late completion is fenced out.
  const ids = (await sqlRunner(second.app.db).rows(`select id from delivery where kind = 'reply'`)).map((r) => Number(r.id));
  await failDeliveries(sqlRunner(second.app.db), { worker: 'dead-worker', now: Date.now(), rows: ids.map((id) => ({ id, outcome: 'permanent', reason: 'late' })) });
  t.same((await sqlRunner(second.app.db).rows(`select state from delivery where kind = 'reply'`)).map((r) => r.state), ['sent', 'sent'], 'nothing the dead worker writes lands');
});

t.test('a reply the channel keeps refusing past the give-up age fails as expired; rate limited alone never fails it', async (t) => {
  const { app, memory, tenant } = await buildApp(t, { notifications: { maxReplyAgeMs: 1500 } });
  // One 429 for the whole account, then the channel takes it: sent after the pause, not failed.
  memory.scriptResults('1', { status: 'rate-limited', retryAfterMs: 50 });
  const first = await memory.say(tenant, '1', '/aiuto');
  t.ok(first.length > 0, 'after the pause the reply arrived');
  // 429s for longer than the give-up age: the person has moved on.
  memory.scriptResults('2', ...Array.from({ length: 10 }, () => ({ status: 'rate-limited' as const, retryAfterMs: 400 })));
  const failed = new Promise<string>((resolve) => app.notifications.events.on('delivery:failed', (e) => resolve(e.outcome)));
  await memory.say(tenant, '2', '/aiuto');
  t.equal(await failed, 'expired');
  const rows = await sqlRunner(app.db).rows(`select d.state, d.outcome from delivery d join channel_identity ci on ci.id = d.identity_id where ci.external_id = '2' order by d.id`);
  t.ok(rows.length > 0 && rows.every((r) => r.state === 'failed' && r.outcome === 'expired'), 'given up, logged as expired');
  t.match(await app.metrics.render(), /campanile_deliveries_total\{channel="memory",outcome="expired"\} [1-9]/, 'and counted');
});
