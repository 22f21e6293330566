import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { MemoryAdapter } from '../../../adapters/memory/index.js';
import type { AdapterRuntime, ChannelAdapter, HttpRoute } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { categories, seed, untilEvent } from '../../helpers/notifications.js';

/** A memory account that counts its starts and stops. */
class CountingMemory extends MemoryAdapter {
  starts = 0;
  stops = 0;
  override async start(runtime: AdapterRuntime): Promise<void> {
    this.starts += 1;
    await super.start(runtime);
  }

  override async stop(): Promise<void> {
    this.stops += 1;
    await super.stop();
  }
}

t.test('an adapter attached while running serves inbound turns, outbox lanes and routes; detached, its deliveries stay pending', async (t) => {
  const { app, tenant } = await buildApp(t);
  const cat = await categories(app);
  const info = app.defaultTenant;
  await seed(app, { count: 5, account: 'secondo', subscriptions: [{ categoryId: cat.eventi!, every: 1 }] });
  const notice = async (title: string) => {
    const created = await app.notifications.notices.create(info, { categoryKey: 'eventi', title, text: title });
    const planned = untilEvent(app, 'notice:planned', (e) => e.noticeId === created.id);
    await app.notifications.notices.send(info, created.id);
    await planned;
    return created.id;
  };

  // No adapter for the account yet: the rows wait, none fails.
  const first = await notice('prima');
  await sleep(300); // several lane ticks (50 ms each)
  t.same((await app.notifications.noticeStats(info, first)).byState, { pending: 5, sending: 0, sent: 0, failed: 0 }, 'pending while no adapter serves the account');

  const secondo = new CountingMemory({ account: 'secondo' });
  const sent = untilEvent(app, 'notice:sent', (e) => e.noticeId === first);
  await app.attachAdapter(secondo, { tenant });
  t.equal(secondo.starts, 1, 'started with the runtime start() gives');
  await sent;
  t.equal(secondo.sent.length, 5, 'the waiting rows went out through the new adapter');
  const replies = await secondo.say(tenant, '900', '/start');
  t.ok(replies.length > 0, 'the engine answers through it (registry)');
  t.equal(app.adapters.forRef({ tenant, channel: 'memory', account: 'secondo' }), secondo);
  await t.rejects(app.attachAdapter(new MemoryAdapter({ account: 'secondo' }), { tenant }), /already registered/, 'one adapter per tenant and account');

  // Detached: lanes released, adapter stopped and unregistered; new rows stay pending, they do not fail.
  t.equal(await app.detachAdapter('memory', 'secondo', tenant), true);
  t.notOk(app.notifications.worker.ownedLanes.some((lane) => lane.endsWith(':memory:secondo')), 'its lane is released');
  t.equal(secondo.stops, 1, 'stopped');
  t.equal(app.adapters.forRef({ tenant, channel: 'memory', account: 'secondo' }), undefined);
  t.equal(await app.detachAdapter('memory', 'secondo', tenant), false, 'nothing left to detach');
  const before = secondo.sent.length;
  const second = await notice('seconda');
  await sleep(300);
  t.same((await app.notifications.noticeStats(info, second)).byState, { pending: 5, sending: 0, sent: 0, failed: 0 }, 'pending after detach');
  t.equal(secondo.sent.length, before, 'nothing more through the detached adapter');

  // The account comes back (new credentials): its pending rows go through the new adapter.
  const again = new CountingMemory({ account: 'secondo' });
  const done = untilEvent(app, 'notice:sent', (e) => e.noticeId === second);
  await app.attachAdapter(again, { tenant });
  await done;
  t.equal(again.sent.length, 5);
});

t.test('routes follow attach and detach; a clash or a failing start leaves nothing behind', async (t) => {
  const { app, tenant } = await buildApp(t);
  const route = (path: string): HttpRoute => ({ method: 'POST', path, handle: async () => ({ response: { status: 200, body: path }, events: [] }) });
  const fake = (account: string, routes: HttpRoute[], start?: () => Promise<void>): ChannelAdapter => {
    const base = new MemoryAdapter({ account });
    return Object.assign(Object.create(base) as ChannelAdapter, { channel: 'prova', routes, ...(start ? { start } : {}) });
  };
  await app.attachAdapter(fake('default', [route(`/webhooks/prova/${tenant}`), route('/webhooks/prova/:tenant/x')]), { tenant });
  t.equal(app.routeTable.match('POST', `/webhooks/prova/${tenant}`)?.route.path, `/webhooks/prova/${tenant}`);
  t.same(app.routeTable.match('POST', '/webhooks/prova/altro/x')?.params, { tenant: 'altro' });
  t.equal(app.routeTable.match('GET', `/webhooks/prova/${tenant}`), undefined, 'method matters');
  t.ok(app.routes.some((r) => r.path === `/webhooks/prova/${tenant}`), 'routes is the live list');

  await t.rejects(app.attachAdapter(fake('altro', [route(`/webhooks/prova/${tenant}`)]), { tenant }), /already served/);
  t.equal(app.adapters.forRef({ tenant, channel: 'prova', account: 'altro' }), undefined, 'a route clash registers nothing');
  await t.rejects(app.attachAdapter(fake('rotto', [route('/webhooks/prova/rotto')], async () => { throw new Error('401 Unauthorized'); }), { tenant }), /401/);
  t.equal(app.adapters.forRef({ tenant, channel: 'prova', account: 'rotto' }), undefined, 'a failed start registers nothing');
  t.equal(app.routeTable.match('POST', '/webhooks/prova/rotto'), undefined, 'and serves no route');
  await t.rejects(app.attachAdapter(new MemoryAdapter({ account: 'x' }), { tenant: 'nessuno' }), /No tenant "nessuno"/);

  t.equal(await app.detachAdapter('prova', 'default', tenant), true);
  t.equal(app.routeTable.match('POST', `/webhooks/prova/${tenant}`), undefined, 'its routes are gone');
});
