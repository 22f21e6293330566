import t, { type Test } from 'tap';
import { PgClusterSignals, coreEntities, createLogger, openDatabase, sqlRunner, type Database } from '../../../core/internal.js';
import { onPostgres, testDatabase } from '../../helpers/database.js';

const skip = !onPostgres() && 'needs PostgreSQL (TEST_DATABASE_URL): LISTEN/NOTIFY';
const log = createLogger({ level: 'silent' });

/** Payloads as they arrive, and a wait for the next one that fails instead of hanging. */
class Inbox {
  readonly items: unknown[] = [];
  private wake: (() => void) | undefined;
  readonly handler = (payload: unknown) => {
    this.items.push(payload);
    this.wake?.();
  };
  async next(timeoutMs = 5000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    while (this.items.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no signal within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => { clearTimeout(timer); resolve(); };
      });
    }
    return this.items.shift();
  }
}

/**
 * `count` processes' worth of signals on the test's schema: each with its own connection pool (as another
 * process would have) and its own listener; `namespace` as the composition root builds it.
 */
async function processes(t: Test, count: number, namespace?: string) {
  const target = testDatabase(t);
  const url = target.databaseUrl ?? '';
  const schema = target.pgSchema ?? 'public';
  const opened: { db: Database; signals: PgClusterSignals }[] = [];
  t.teardown(async () => {
    for (const { db, signals } of opened) {
      await signals.close();
      await db.close();
    }
  });
  for (let i = 0; i < count; i++) {
    const db = await openDatabase({ url, pgSchema: schema, sqlitePath: ':memory:', entities: coreEntities, migrations: [] });
    const signals = new PgClusterSignals({ connectionString: url, namespace: namespace ?? `campanile:${schema}`, sql: sqlRunner(db), log, reconnect: { minMs: 20, maxMs: 200 } });
    opened.push({ db, signals });
  }
  return { schema, url, all: opened.map((o) => o.signals), db: opened[0]?.db as Database };
}

t.test('two processes on one database hear each other, never themselves, exactly once', { skip }, async (t) => {
  const { all: [a, b] } = await processes(t, 2);
  if (!a || !b) throw new Error('two expected');
  const [fromA, fromB, ownA] = [new Inbox(), new Inbox(), new Inbox()];
  await b.subscribe('webchat:default:live', fromA.handler);
  await a.subscribe('webchat:default:live', ownA.handler);
  await a.subscribe('webchat:default:live', fromB.handler);
  await a.publish('webchat:default:live', { tenant: 'esempio', session: 's1', ids: ['42'] });
  t.same(await fromA.next(), { tenant: 'esempio', session: 's1', ids: ['42'] }, 'B gets what A published');
  await b.publish('webchat:default:live', { ids: ['43'] });
  t.same(await fromB.next(), { ids: ['43'] }, 'and A what B published');
  t.same(ownA.items, [{ ids: ['43'] }], 'A heard only B: the publisher does its local work itself');
  t.same(fromA.items, [], 'once');
  await t.rejects(a.publish('x', { body: 'x'.repeat(8000) }), /publish ids/, 'NOTIFY payloads stay small');
});

t.test('unsubscribe stops a handler; the channel stays while another handler listens', { skip }, async (t) => {
  const { all: [a, b] } = await processes(t, 2);
  if (!a || !b) throw new Error('two expected');
  const [kept, dropped, marker] = [new Inbox(), new Inbox(), new Inbox()];
  await b.subscribe('live', kept.handler);
  const stop = await b.subscribe('live', dropped.handler);
  const stopMarker = await b.subscribe('marker', marker.handler);
  await stop();
  await a.publish('live', { n: 1 });
  t.same(await kept.next(), { n: 1 }, 'the other handler of the topic still hears');
  await stopMarker();
  await b.subscribe('marker2', marker.handler);
  await a.publish('marker', { n: 2 });
  await a.publish('marker2', { n: 3 });
  // One pool connection, sequential commits: NOTIFYs arrive in order, so "marker2" arriving means "marker" would have.
  t.same(await marker.next(), { n: 3 }, 'an unlistened topic is not delivered');
  t.same(dropped.items, [], 'the unsubscribed handler heard nothing');
});

t.test('channels are namespaced per Campanile database (schema): another namespace hears nothing', { skip }, async (t) => {
  const mine = await processes(t, 1);
  // Unique to this run too: parallel runs of this file share the database.
  const otherNamespace = `campanile:${mine.schema}_other`;
  const other = await processes(t, 1, otherNamespace);
  const [here, there] = [new Inbox(), new Inbox()];
  const [a] = mine.all;
  const [b] = other.all;
  if (!a || !b) throw new Error('expected');
  await b.subscribe('live', there.handler);
  const probe = await processes(t, 1, otherNamespace);
  await a.subscribe('live', here.handler);
  await probe.all[0]?.publish('live', { from: 'other' });
  t.same(await there.next(), { from: 'other' });
  t.same(here.items, [], 'the same topic in another namespace is another channel');
  const long = 'webchat:' + 'x'.repeat(80);
  t.ok(Buffer.byteLength(a.channelOf(long)) <= 63, 'a long name is hashed to fit PostgreSQL identifiers');
  t.not(a.channelOf(long), b.channelOf(long), 'still per namespace');
  await b.subscribe(long, there.handler);
  await probe.all[0]?.publish(long, { long: true });
  t.same(await there.next(), { long: true }, 'and works');
});

t.test('the listener reconnects after its connection is killed and listens again', { skip }, async (t) => {
  const { all: [a, b], db, schema } = await processes(t, 2);
  if (!a || !b) throw new Error('two expected');
  const inbox = new Inbox();
  let gaps = 0;
  await b.subscribe('live', inbox.handler, { onGap: () => (gaps += 1) });
  await a.publish('live', { n: 1 });
  t.same(await inbox.next(), { n: 1 });
  t.equal(gaps, 0, 'the first connection is not a gap');

  const lost = b.events.once('lost');
  const listening = b.events.once('listening');
  // B's listener is the session whose last statement was a LISTEN on this schema's channels.
  const killed = await sqlRunner(db).rows(`select pg_terminate_backend(pid) as killed from pg_stat_activity where query like ? and application_name = 'campanile-signals'`, [`listen "campanile:${schema}:%`]);
  t.equal(killed.length, 1, 'one listener killed');
  await lost;
  await listening;
  t.equal(gaps, 1, 'the subscriber is told that it may have missed signals, before listening resumes');
  await a.publish('live', { n: 2 });
  t.same(await inbox.next(), { n: 2 }, 'heard on the new connection');
  t.same(inbox.items, [], 'once');
});
