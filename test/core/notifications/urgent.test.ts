import t from 'tap';
import { buildApp } from '../../helpers/campanile.js';
import { categories, seed, untilEvent } from '../../helpers/notifications.js';

t.test('an urgent notice queued behind a 100,000-recipient normal broadcast starts delivering within 1 s', async (t) => {
  const { app } = await buildApp(t);
  const tenant = app.defaultTenant;
  const cat = await categories(app);
  // Bulk SQL: 100,000 people in "eventi", every 1000th also in civil protection.
  await seed(app, { count: 100_000, subscriptions: [{ categoryId: cat.eventi!, every: 1 }, { categoryId: cat['protezione-civile']!, every: 1000 }] });
  const normal = await app.notifications.notices.create(tenant, { categoryKey: 'eventi', title: 'Sagra', text: 'x' });
  const planned = untilEvent(app, 'notice:planned', (e) => e.noticeId === normal.id, 30_000);
  await app.notifications.notices.send(tenant, normal.id);
  await untilEvent(app, 'delivery:sent', (e) => e.noticeId === normal.id);
  t.equal((await planned)[0].recipients, 100_000, 'the normal broadcast is fully queued');

  const urgent = await app.notifications.notices.create(tenant, { categoryKey: 'protezione-civile', title: 'Allerta', text: 'Evacuare' });
  t.equal(urgent.priority, 'urgent');
  const first = untilEvent(app, 'delivery:sent', (e) => e.noticeId === urgent.id, 5_000);
  const started = performance.now();
  await app.notifications.notices.send(tenant, urgent.id);
  await first;
  const latency = performance.now() - started;
  t.ok(latency < 1000, `first urgent delivery ${latency.toFixed(0)} ms after send`);
  const stats = await app.notifications.noticeStats(tenant, normal.id);
  t.ok(stats.byState.pending > 50_000, `the normal broadcast is still going (${stats.byState.pending} pending)`);
});
