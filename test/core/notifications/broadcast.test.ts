import t from 'tap';
import { Delivery, conversationKey, toPlainText } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { categories, seed, untilEvent } from '../../helpers/notifications.js';

t.test('3 categories with overlapping subscribers: each person gets exactly their notices, once', async (t) => {
  const { app, memory } = await buildApp(t);
  const tenant = app.defaultTenant;
  const cat = await categories(app);
  // 60 people: eventi every 2nd, mobilita every 3rd, sanita every 5th (overlaps at 6, 10, 15, 30).
  const { first } = await seed(app, {
    count: 60,
    subscriptions: [{ categoryId: cat.eventi!, every: 2 }, { categoryId: cat.mobilita!, every: 3 }, { categoryId: cat.sanita!, every: 5 }],
  });
  const keys = ['eventi', 'mobilita', 'sanita'] as const;
  const every = { eventi: 2, mobilita: 3, sanita: 5 };
  const notices = [];
  for (const key of keys) notices.push(await app.notifications.notices.create(tenant, { categoryKey: key, title: `Titolo ${key}`, text: `Testo ${key}` }));
  const done = Promise.all(notices.map((n) => untilEvent(app, 'notice:sent', (e) => e.noticeId === n.id)));
  for (const notice of notices) await app.notifications.notices.send(tenant, notice.id);
  await done;

  const got = new Map<string, string[]>();
  for (const sent of memory.sent) {
    const title = toPlainText(sent.message.text ?? []).split('\n')[0] ?? '';
    got.set(sent.ref.chatId, [...(got.get(sent.ref.chatId) ?? []), title]);
  }
  let expectedTotal = 0;
  for (let i = 0; i < 60; i += 1) {
    const expected = keys.filter((k) => i % every[k] === 0).map((k) => `Titolo ${k}`).sort();
    expectedTotal += expected.length;
    t.same((got.get(String(first + i)) ?? []).sort(), expected, `person ${i} got exactly ${expected.length} notices`);
  }
  t.equal(memory.sent.length, expectedTotal, 'no duplicates overall');

  for (const [index, notice] of notices.entries()) {
    const stats = await app.notifications.noticeStats(tenant, notice.id);
    const audience = Math.ceil(60 / every[keys[index]!]);
    t.equal(stats.total, audience, `${keys[index]}: stats total is the audience`);
    t.same(stats.byState, { pending: 0, sending: 0, sent: audience, failed: 0 }, 'all sent');
    t.same(stats.byChannel.memory?.sent, audience, 'by channel');
    const reread = await app.notifications.notices.get(tenant, notice.id);
    t.equal(reread.status, 'sent');
    t.equal(reread.recipients, audience);
  }
  const tenantStats = await app.notifications.tenantStats(tenant);
  t.equal(tenantStats.people, 60);
  t.equal(tenantStats.activeIdentities.memory, 60);
  t.equal(tenantStats.subscribers.eventi, 30);
  t.equal(tenantStats.noticesSent.reduce((s, d) => s + d.count, 0), 3);
  t.ok(conversationKey(memory.sent[0]!.ref));
});

t.test('a re-run of planning never duplicates rows', async (t) => {
  const { app } = await buildApp(t, { notifications: { dispatch: false } });
  const cat = await categories(app);
  await seed(app, { count: 20, subscriptions: [{ categoryId: cat.eventi!, every: 1 }] });
  const notice = await app.notifications.notices.create(app.defaultTenant, { categoryKey: 'eventi', title: 'T', text: 'x' });
  const planned = untilEvent(app, 'notice:planned', (e) => e.noticeId === notice.id);
  await app.notifications.notices.send(app.defaultTenant, notice.id);
  t.equal((await planned)[0].recipients, 20);
  const { planChunk, sqlRunner } = await import('../../../core/internal.js');
  await planChunk(sqlRunner(app.db), { tenantId: app.defaultTenant.id, noticeId: notice.id, categoryId: cat.eventi!, priority: 1, cursor: 0, chunk: 1000, now: Date.now() });
  const em = app.services.tenants.scopedEm(app.defaultTenant.id);
  t.equal(await em.count(Delivery, { notice: notice.id }), 20, 'still one row per identity');
});
