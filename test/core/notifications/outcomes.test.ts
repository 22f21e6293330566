import t from 'tap';
import { MemoryAdapter } from '../../../adapters/memory/index.js';
import { ChannelIdentity, Delivery, delivery } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { categories, seed, untilEvent } from '../../helpers/notifications.js';

/** The largest number of timestamps (ms) inside any half-open window [t, t + width). */
function maxInWindow(times: readonly number[], width: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= width) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

t.test('a channel limited to 50 msg/s and 1 msg/s per chat: neither limit is ever exceeded', async (t) => {
  const memory = new MemoryAdapter({
    capabilities: { rateLimits: { perAccount: { count: 50, perMs: 1000 }, perChat: { count: 1, perMs: 1000 } } },
  });
  const { app } = await buildApp(t, { memory });
  const cat = await categories(app);
  // 80 people in two categories: 160 messages, 2 per chat. The lane limit binds (3.2 s at 50/s), and the
  // second notice reaches the first chats while their 1 s spacing may still run.
  await seed(app, { count: 80, subscriptions: ['eventi', 'mobilita'].map((k) => ({ categoryId: cat[k]!, every: 1 })) });
  const tenant = app.defaultTenant;
  const notices = [];
  for (const key of ['eventi', 'mobilita']) notices.push(await app.notifications.notices.create(tenant, { categoryKey: key, title: key, text: 'x' }));
  const done = Promise.all(notices.map((n) => untilEvent(app, 'notice:sent', (e) => e.noticeId === n.id)));
  for (const n of notices) await app.notifications.notices.send(tenant, n.id);
  await done;
  t.equal(memory.sent.length, 160, 'every message went out');
  const times = memory.sent.map((s) => s.at);
  t.ok(maxInWindow(times, 1000) <= 50, `at most 50 in any sliding second (max ${maxInWindow(times, 1000)})`);
  const byChat = new Map<string, number[]>();
  for (const s of memory.sent) byChat.set(s.ref.chatId, [...(byChat.get(s.ref.chatId) ?? []), s.at]);
  const worst = Math.max(...[...byChat.values()].map((ts) => maxInWindow(ts, 1000)));
  t.equal(worst, 1, 'no chat got two messages within one second');
  const span = (Math.max(...times) - Math.min(...times)) / 1000;
  const rate = 159 / span;
  t.ok(rate > 15, `the lane is not throttled far below its limit (${rate.toFixed(1)} msg/s)`);
});

t.test('outcomes: 429 pauses the lane, gone deactivates, transient retries, permanent is recorded', async (t) => {
  const memory = new MemoryAdapter();
  const { app } = await buildApp(t, { memory, notifications: { maxAttempts: 3 } });
  const cat = await categories(app);
  const { first } = await seed(app, { count: 40, subscriptions: [{ categoryId: cat.eventi!, every: 1 }] });
  const chat = (i: number) => String(first + i);
  memory.scriptResults(chat(5), delivery.rateLimited(300));
  memory.scriptResults(chat(10), delivery.gone('blocked'));
  memory.scriptResults(chat(15), delivery.transient('502 bad gateway'), delivery.transient('503'));
  memory.scriptResults(chat(20), delivery.permanent('chat not found'));
  memory.scriptResults(chat(25), delivery.transient('a'), delivery.transient('b'), delivery.transient('c'));
  const calls = new Map<string, number[]>();
  memory.onSend = (ref) => {
    calls.set(ref.chatId, [...(calls.get(ref.chatId) ?? []), performance.now()]);
    return undefined;
  };
  const paused = untilEvent(app, 'lane:paused');
  const tenant = app.defaultTenant;
  const notice = await app.notifications.notices.create(tenant, { categoryKey: 'eventi', title: 'T', text: 'x' });
  const sent = untilEvent(app, 'notice:sent', (e) => e.noticeId === notice.id);
  await app.notifications.notices.send(tenant, notice.id);
  const [pause] = await paused;
  const pausedAt = performance.now();
  t.equal(pause.ms, 300, 'the lane paused for retry-after');
  await sent;

  const all = [...calls.values()].flat();
  t.equal(all.filter((at) => at > pausedAt + 5 && at < pausedAt + 280).length, 0, 'nothing was sent while the lane was paused');
  t.equal(calls.get(chat(5))?.length, 2, 'the rate-limited delivery was sent again after the pause');
  t.equal(calls.get(chat(10))?.length, 1, 'recipient gone: not retried');
  t.equal(calls.get(chat(15))?.length, 3, 'transient: retried until delivered');
  t.equal(calls.get(chat(20))?.length, 1, 'permanent: not retried');
  t.equal(calls.get(chat(25))?.length, 3, 'transient: retried up to maxAttempts');

  const em = app.services.tenants.scopedEm(tenant.id);
  const rows = new Map((await em.find(Delivery, { notice: notice.id }, { populate: ['identity'] })).map((d) => [d.identity.externalId, d]));
  t.equal(rows.get(chat(5))?.state, 'sent');
  t.equal(rows.get(chat(5))?.attempts, 1, 'a rate-limit pause does not use up an attempt');
  t.match(rows.get(chat(10)), { state: 'failed', outcome: 'gone', reason: 'blocked' });
  t.match(rows.get(chat(15)), { state: 'sent', attempts: 3 });
  t.match(rows.get(chat(20)), { state: 'failed', outcome: 'permanent', reason: 'chat not found' });
  t.match(rows.get(chat(25)), { state: 'failed', outcome: 'exhausted' });
  t.match(rows.get(chat(25))?.reason, /3 attempts: c/);
  const identity = await em.findOneOrFail(ChannelIdentity, { externalId: chat(10) });
  t.equal(identity.active, false, 'the gone identity is deactivated');
  t.equal(identity.inactiveReason, 'blocked');

  const stats = await app.notifications.noticeStats(tenant, notice.id);
  t.equal(stats.total, 40, 'stats add up to the audience');
  t.same(stats.byState, { pending: 0, sending: 0, sent: 37, failed: 3 });
  t.same(stats.failedBy, { gone: 1, permanent: 1, exhausted: 1 });
  t.equal(stats.byState.sent + stats.byState.failed, stats.total);
  t.equal(await app.notifications.audience(tenant, cat.eventi!), 39, 'the deactivated identity leaves the audience');
});
