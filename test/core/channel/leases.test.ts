import t, { type Test } from 'tap';
import {
  ClusterLease, coreEntities, coreMigrations, leaseHolderId, memoryLeases, memoryLeaseTable, openDatabase, scopedLeases, sqlRunner, storedLeases,
  type Database, type Leases,
} from '../../../core/internal.js';
import { onPostgres, testDatabase } from '../../helpers/database.js';

const TTL = 30_000;

/** A clock the test moves: expiry without sleeping. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

/** The core schema on the test's database (SQLite in memory, or a PostgreSQL schema of its own). */
async function migrated(t: Test): Promise<{ db: Database; other: () => Promise<Database> }> {
  const target = testDatabase(t);
  const db = await openDatabase({ url: target.databaseUrl, pgSchema: target.pgSchema, sqlitePath: ':memory:', entities: coreEntities, migrations: coreMigrations });
  t.teardown(() => db.close());
  await db.migrate();
  return {
    db,
    // Another process's connection pool on PostgreSQL; SQLite in memory has one connection, shared.
    other: async () => {
      if (!target.databaseUrl) return db;
      const second = await openDatabase({ url: target.databaseUrl, pgSchema: target.pgSchema, sqlitePath: '', entities: coreEntities, migrations: [] });
      t.teardown(() => second.close());
      return second;
    },
  };
}

for (const kind of ['memory', 'database'] as const) {
  const name = kind === 'memory' ? 'memory' : onPostgres() ? 'PostgreSQL' : 'SQLite';
  t.test(`${name}: acquire, one holder, renew, expiry takeover, a lost lease is noticed, release`, async (t) => {
    const clock = manualClock();
    let a: Leases;
    let b: Leases;
    let row: ((key: string) => Promise<ClusterLease | null>) | undefined;
    if (kind === 'memory') {
      const table = memoryLeaseTable();
      a = memoryLeases({ holder: 'process-a', now: clock.now, table });
      b = memoryLeases({ holder: 'process-b', now: clock.now, table });
    } else {
      const { db, other } = await migrated(t);
      a = storedLeases(sqlRunner(db), { holder: 'process-a', now: clock.now });
      b = storedLeases(sqlRunner(await other()), { holder: 'process-b', now: clock.now });
      row = (key) => db.em.fork().findOne(ClusterLease, { key });
    }

    const held = await a.acquire('telegram:polling:123', TTL);
    t.ok(held, 'a free key is acquired');
    t.equal(held?.expiresAt, clock.now() + TTL);
    t.equal(await b.acquire('telegram:polling:123', TTL), undefined, 'another process stands by');
    t.equal(await a.acquire('telegram:polling:123', TTL), undefined, 'one handle per key within a process too');
    t.ok(await b.acquire('telegram:polling:456', TTL), 'other keys are independent');
    if (row) t.match(await row('telegram:polling:123'), { holder: 'process-a', expiresAt: clock.now() + TTL, acquiredAt: clock.now() });

    clock.advance(10_000);
    t.equal(await held!.renew(), true, 'renewed within the TTL');
    t.equal(held!.expiresAt, clock.now() + TTL, 'for a TTL from now');
    if (row) t.match(await row('telegram:polling:123'), { holder: 'process-a', expiresAt: clock.now() + TTL, acquiredAt: clock.now() - 10_000 }, 'acquiredAt kept');
    clock.advance(TTL - 1);
    t.equal(await b.acquire('telegram:polling:123', TTL), undefined, 'not before the renewed lease ends');

    clock.advance(1); // the holder stopped renewing (it died, or stalled): the lease ended
    const taken = await b.acquire('telegram:polling:123', TTL);
    t.ok(taken, 'taken over once expired');
    if (row) t.match(await row('telegram:polling:123'), { holder: 'process-b', acquiredAt: clock.now() });
    t.equal(await held!.renew(), false, 'the old holder notices at its next renewal');
    t.equal(await held!.renew(), false, 'and the handle stays dead');
    await held!.release();
    t.ok(await taken!.renew(), 'a late release by the old holder takes nothing from the new one');
    t.equal(await a.acquire('telegram:polling:123', TTL), undefined, 'the old holder stands by now');

    await taken!.release();
    await taken!.release(); // idempotent
    if (row) t.equal(await row('telegram:polling:123'), null, 'a released lease has no row');
    t.equal(await taken!.renew(), false, 'a released handle cannot renew');
    const again = await a.acquire('telegram:polling:123', TTL);
    t.ok(again, 'released: the next process takes it at once, without waiting for the TTL');
    await t.rejects(a.acquire('', TTL), /lease key/);
    await t.rejects(a.acquire('k', 0), /TTL/);
  });
}

t.test('concurrent acquires of one free key: exactly one wins (separate pools on PostgreSQL)', async (t) => {
  const { db, other } = await migrated(t);
  const second = await other();
  const contenders = Array.from({ length: 12 }, (_, i) => storedLeases(sqlRunner(i % 2 ? second : db), { holder: `p${i}` }));
  const results = await Promise.all(contenders.map((leases) => leases.acquire('webchat:sweeper', TTL)));
  t.equal(results.filter(Boolean).length, 1, 'one holder');
  const rows = await db.em.fork().find(ClusterLease, {});
  t.equal(rows.length, 1);
  t.equal(rows[0]?.holder, contenders[results.findIndex(Boolean)]?.holder, 'the winner is recorded');
  // Within one process, concurrent acquires of one key give one handle.
  const local = storedLeases(sqlRunner(db), { holder: 'solo' });
  const both = await Promise.all([local.acquire('x', TTL), local.acquire('x', TTL)]);
  t.equal(both.filter(Boolean).length, 1);
});

t.test('scoped leases prefix the key; holder ids name the process', async (t) => {
  const leases = memoryLeases({ holder: 'h' });
  const lease = await scopedLeases(leases, 'telegram').acquire('polling:1', TTL);
  t.equal(lease?.key, 'telegram:polling:1');
  t.equal(scopedLeases(leases, 'telegram').holder, 'h');
  t.match(leaseHolderId('web-1'), /^web-1:\d+:[0-9a-f]{8}$/);
  t.not(leaseHolderId(), leaseHolderId(), 'two instances in one process differ');
  t.ok(leaseHolderId('x'.repeat(100)).length <= 64, 'fits the holder column');
});
