import t from 'tap';
import { ClaimFloor, NO_FLOOR, claimDeliveries, retryDeliveries, sqlRunner, type ClaimedDelivery } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { plannedBroadcast } from '../../helpers/notifications.js';

const row = (id: number, priority = 1) => ({ id, priority }) as ClaimedDelivery;

t.test('the floor: set by a full claim, dropped by a short one or a reap, and the head is read every interval', async (t) => {
  const floor = new ClaimFloor(1000);
  t.same(floor.next(0), NO_FLOOR, 'the first claim starts at the head');
  floor.claimed([row(1), row(2)], 2);
  t.same(floor.next(10), { priority: 1, id: 2 }, 'a full claim moves the floor to its last row');
  floor.claimed([row(3)], 2);
  t.same(floor.next(20), NO_FLOOR, 'a short claim drops it: before the lane idles it looks at the whole lane');
  floor.claimed([row(4), row(5)], 2);
  t.same(floor.next(999), { priority: 1, id: 5 });
  t.same(floor.next(1020), NO_FLOOR, 'a head claim once per interval (rows re-queued below the floor)');
  floor.claimed([row(6), row(7)], 2);
  floor.reset();
  t.same(floor.next(1030), NO_FLOOR, 'reaped rows may lie below the floor: the next claim starts at the head');
});

t.test('a claim from a floor still takes urgent rows first, and a head claim takes a retry re-queued below it', async (t) => {
  const { app } = await buildApp(t, { notifications: { dispatch: false } });
  const sql = sqlRunner(app.db);
  const { lane } = await plannedBroadcast(app, 6);
  const now = Date.now();
  const ids = (rows: readonly ClaimedDelivery[]) => rows.map((r) => r.id);

  const first = await claimDeliveries(sql, { lane, worker: 'w', limit: 3, now });
  t.equal(first.length, 3);
  const floor = { priority: first[2]!.priority, id: first[2]!.id };
  // The first row fails transiently and is due again at once; a later row turns urgent (as if an urgent
  // notice had been planned meanwhile).
  await retryDeliveries(sql, { worker: 'w', now, rows: [{ id: first[0]!.id, notBefore: now, refund: false, reason: 'x' }] });
  const [, , , , last] = await sql.rows('select id from delivery order by id');
  await sql.rows('update delivery set priority = 0 where id = ?', [Number(last!.id)]);

  const fromFloor = await claimDeliveries(sql, { lane, worker: 'w', limit: 2, now, after: floor });
  t.equal(fromFloor[0]?.id, Number(last!.id), 'the urgent row comes first, although its id is past the floor');
  if (sql.dialect === 'postgresql') {
    t.notOk(ids(fromFloor).includes(first[0]!.id), 'PostgreSQL: the retried row below the floor is not looked at');
    const head = await claimDeliveries(sql, { lane, worker: 'w', limit: 10, now });
    t.ok(ids(head).includes(first[0]!.id), 'the head claim takes it');
  } else {
    t.ok(ids(fromFloor).includes(first[0]!.id), 'SQLite ignores the floor (no dead index entries to skip)');
  }
  const [left] = await sql.rows("select count(*) as n from delivery where state = 'pending'");
  const rest = await claimDeliveries(sql, { lane, worker: 'w', limit: 10, now });
  t.equal(rest.length, Number(left!.n), 'a head claim takes every remaining due row');
  const [open] = await sql.rows("select count(*) as n from delivery where state = 'pending'");
  t.equal(Number(open!.n), 0, 'nothing is left behind');
});
