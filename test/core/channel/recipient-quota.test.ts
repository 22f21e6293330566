import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import {
  ChannelRecipientWindow, TenantService, coreEntities, coreMigrations, memoryRecipientQuota, openDatabase, sqlRunner, storedRecipientQuota,
  type Database, type RecipientQuota,
} from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { onPostgres, testDatabase } from '../../helpers/database.js';

const DAY = 24 * 3_600_000;

/**
 * A migrated database (SQLite in a file, so it can be reopened) with one tenant; `open()` gives another
 * connection pool on it, as another process or a restart would have.
 */
async function database(t: Test): Promise<{ db: Database; open: () => Promise<Database>; tenantId: number }> {
  const target = testDatabase(t);
  const dir = mkdtempSync(join(tmpdir(), 'campanile-quota-'));
  const opened: Database[] = [];
  t.teardown(async () => {
    for (const db of opened) await db.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  const open = async () => {
    const db = await openDatabase({ url: target.databaseUrl, pgSchema: target.pgSchema, sqlitePath: join(dir, 'quota.sqlite'), entities: coreEntities, migrations: coreMigrations });
    opened.push(db);
    return db;
  };
  const db = await open();
  await db.migrate();
  const tenant = await new TenantService(db).ensure({ slug: 'esempio', name: 'Esempio', enabledModules: [] });
  return { db, open, tenantId: tenant.id };
}

/** The contract every `RecipientQuota` keeps, on a moving clock. */
async function contract(t: Test, quota: RecipientQuota) {
  const at = (now: number, recipient: string, account = 'n1') => quota.tryConsume({ account, recipient, limit: 2, windowMs: DAY, now });
  t.same(await at(0, 'a'), { ok: true });
  t.same(await at(1000, 'b'), { ok: true });
  t.same(await at(2000, 'a'), { ok: true }, 'someone already counted costs nothing');
  t.same(await at(3000, 'c'), { ok: false, retryAt: DAY }, 'a third person waits until the oldest slot frees');
  t.same(await at(3000, 'c', 'n2'), { ok: true }, 'another account has its own count');
  t.same(await at(DAY, 'c'), { ok: true }, 'the next window: a left, c takes the slot');
  t.same(await at(DAY, 'a'), { ok: false, retryAt: 1000 + DAY }, 'a is no longer counted and the window is full again');
  await t.rejects(quota.tryConsume({ account: 'n1', recipient: 'x', limit: 0, windowMs: DAY }), /WHATSAPP_DAILY_RECIPIENTS/);
}

t.test('in memory: unique recipients per rolling window', async (t) => {
  await contract(t, memoryRecipientQuota());
});

t.test('in the database: the same contract, and rows older than the window are pruned', async (t) => {
  const { db, tenantId } = await database(t);
  await contract(t, storedRecipientQuota(sqlRunner(db), { tenantId, channel: 'whatsapp' }));
  const rows = await db.em.fork().find(ChannelRecipientWindow, {}, { filters: false, orderBy: { account: 'asc', recipient: 'asc' } });
  t.same(rows.map((r) => [r.account, r.recipient, r.countedAt]), [['n1', 'b', 1000], ['n1', 'c', DAY], ['n2', 'c', 3000]], 'a left the window and was deleted');
});

t.test('in the database: the count survives a restart (a new connection pool on the same database)', async (t) => {
  const { db, open, tenantId } = await database(t);
  const request = (recipient: string) => ({ account: 'n1', recipient, limit: 1, windowMs: DAY, now: 5 });
  t.same(await storedRecipientQuota(sqlRunner(db), { tenantId, channel: 'whatsapp' }).tryConsume(request('a')), { ok: true });
  await db.close();
  const quota = storedRecipientQuota(sqlRunner(await open()), { tenantId, channel: 'whatsapp' });
  t.same(await quota.tryConsume(request('b')), { ok: false, retryAt: 5 + DAY }, 'the slot taken before the restart is still taken');
  t.same(await quota.tryConsume(request('a')), { ok: true });
});

t.test('concurrent consumers (separate pools on PostgreSQL) never take more than the limit together', async (t) => {
  const { db, open, tenantId } = await database(t);
  // SQLite serves one process (one writer, one connection): there the racers share the pool.
  const dbs = onPostgres() ? [db, await open(), await open(), await open()] : [db];
  const quotas = dbs.map((db) => storedRecipientQuota(sqlRunner(db), { tenantId, channel: 'whatsapp' }));
  // 4 × 15 different people race for 7 slots; the same person twice from two pools still counts once.
  const attempts = Array.from({ length: 60 }, (_, i) => ({ quota: quotas[i % quotas.length]!, recipient: `p${i % 30}` }));
  const decisions = await Promise.all(attempts.map(({ quota, recipient }) => quota.tryConsume({ account: 'n1', recipient, limit: 7, windowMs: DAY, now: 1000 }).then((d) => ({ recipient, ok: d.ok }))));
  const admitted = new Set(decisions.filter((d) => d.ok).map((d) => d.recipient));
  t.equal(admitted.size, 7, 'exactly the limit of unique recipients admitted');
  const rows = await dbs[0]!.em.fork().count(ChannelRecipientWindow, { account: 'n1' }, { filters: false });
  t.equal(rows, 7, 'and exactly that many counted');
});

t.test('erasing a person (/cancella) deletes their chat id from the recipient window, and only theirs', async (t) => {
  const { app, memory, tenant } = await buildApp(t);
  await memory.say(tenant, '7', '/start');
  const quota = storedRecipientQuota(sqlRunner(app.db), { tenantId: app.defaultTenant.id, channel: 'memory' });
  for (const recipient of ['7', '8']) t.same(await quota.tryConsume({ account: 'default', recipient, limit: 5, windowMs: DAY }), { ok: true });
  await memory.say(tenant, '7', '/cancella');
  await memory.press(tenant, '7', 'base:erase:yes');
  const rows = await app.db.em.fork().find(ChannelRecipientWindow, {}, { filters: false });
  t.same(rows.map((r) => r.recipient), ['8'], 'the erased person’s row is gone; another person’s stays');
});
