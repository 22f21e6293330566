import t from 'tap';
import { Delivery, claimDeliveries, completeDeliveries, failDeliveries, retryDeliveries, sqlRunner } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { plannedBroadcast, untilEvent } from '../../helpers/notifications.js';

// Starts from the state a crash leaves behind (style rule 14): a row claimed by a worker that died,
// its lease backdated past expiry, next to a fresh lease that must survive.
t.test('the reaper returns only expired leases, and a late fenced completion changes nothing', async (t) => {
  const { app } = await buildApp(t, { notifications: { dispatch: false, rowLeaseMs: 60_000 } });
  const sql = sqlRunner(app.db);
  const { lane } = await plannedBroadcast(app, 2);
  const now = Date.now();

  const [stale] = await claimDeliveries(sql, { lane, worker: 'dead', limit: 1, now });
  const [fresh] = await claimDeliveries(sql, { lane, worker: 'alive', limit: 1, now });
  // Backdate instead of sleeping: the dead worker's lease started two minutes ago (lease: one minute).
  await sql.rows('update delivery set locked_at = ? where id = ?', [now - 120_000, stale?.id]);
  t.ok(stale && fresh && stale.id !== fresh.id, 'two rows leased by two workers');

  const reclaimed = untilEvent(app, 'lease:reclaimed');
  t.equal(await app.notifications.worker.reap(), 1, 'the reaper returned one row');
  t.same((await reclaimed)[0].count, 1);

  const em = app.services.tenants.scopedEm(app.defaultTenant.id);
  const staleRow = await em.findOneOrFail(Delivery, { id: stale!.id });
  t.match(staleRow, { state: 'pending', lockedBy: null, attempts: 1 }, 'the stale claim is back in the queue, its attempt counted');
  const freshRow = await em.findOneOrFail(Delivery, { id: fresh!.id });
  t.match(freshRow, { state: 'sending', lockedBy: 'alive' }, 'the fresh lease survived');

  // The dead worker wakes up late: none of its fenced writes lands.
  await completeDeliveries(sql, { worker: 'dead', now, rows: [{ id: stale!.id, messageId: 'late' }] });
  await failDeliveries(sql, { worker: 'dead', now, rows: [{ id: stale!.id, outcome: 'permanent', reason: 'late' }] });
  await retryDeliveries(sql, { worker: 'dead', now, rows: [{ id: stale!.id, notBefore: now + 1e6, refund: true, reason: 'late' }] });
  em.clear();
  t.match(await em.findOneOrFail(Delivery, { id: stale!.id }), { state: 'pending', channelMessageId: null, attempts: 1, notBefore: staleRow.notBefore },
    'a late completion, failure or retry by the old owner changes nothing');

  // Another worker claims it again; the dead worker's late completion still changes nothing.
  const [again] = await claimDeliveries(sql, { lane, worker: 'heir', limit: 5, now });
  t.equal(again?.id, stale!.id, 'the reclaimed row is claimed again');
  await completeDeliveries(sql, { worker: 'dead', now, rows: [{ id: stale!.id, messageId: 'late' }] });
  em.clear();
  t.match(await em.findOneOrFail(Delivery, { id: stale!.id }), { state: 'sending', lockedBy: 'heir', attempts: 2 });
  await completeDeliveries(sql, { worker: 'heir', now, rows: [{ id: stale!.id, messageId: 'm-1' }] });
  await completeDeliveries(sql, { worker: 'alive', now, rows: [{ id: fresh!.id, messageId: 'm-2' }] });
  em.clear();
  t.same((await em.find(Delivery, {}, { orderBy: { id: 'asc' } })).map((d) => [d.state, d.channelMessageId]).sort(),
    [['sent', 'm-1'], ['sent', 'm-2']].sort(), 'the current owners complete their rows');
  t.equal(await app.notifications.worker.reap(), 0, 'nothing left to reap');
});
