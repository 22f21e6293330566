import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { WhatsAppAdapter } from '../../../adapters/whatsapp/index.js';
import app from '../../../admin-api/app.js';
import { ChannelIdentity, ChannelRecipientWindow, Delivery, Tenant, type Campanile } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { categories, seed, untilEvent } from '../../helpers/notifications.js';
import { FakeGraphApi } from '../../fakes/whatsapp/fake-graph-api.js';
import { payload, signedHeaders, type PayloadName } from '../../fakes/whatsapp/webhooks.js';

const secrets = { token: 'test-token', phoneNumberId: '106540352242922', appSecret: 'app-secret', verifyToken: 'verify-me' };
const HOUR = 3_600_000;
const BUDGET_REASON = /whatsapp daily budget of 2 unique recipients outside the 24-hour window reached/;

/** Campanile with WhatsApp against the fake Graph API, the real HTTP plugin for status webhooks, and 6 + 4 people. */
async function whatsappBroadcast(t: Test) {
  const graph = await FakeGraphApi.start(t, { token: secrets.token, phoneNumberId: secrets.phoneNumberId });
  // A new number's tier, shrunk: 2 unique people per 24 h outside the window (WHATSAPP_DAILY_RECIPIENTS=2).
  const whatsapp = new WhatsAppAdapter({ ...secrets, apiRoot: graph.apiRoot, dailyRecipients: 2 });
  const built = await buildApp(t, { adapters: [{ adapter: whatsapp }] });
  const fastify = Fastify();
  await fastify.register(app, { campanile: built.app });
  t.teardown(() => fastify.close());
  const tenant = built.app.defaultTenant;
  const em = () => built.app.services.tenants.scopedEm(tenant.id);
  const cat = await categories(built.app);
  // People 0–5 subscribe to eventi, 6–9 to mobilità. Even ones wrote an hour ago (window open), odd ones never.
  const { first } = await seed(built.app, {
    count: 10, channel: 'whatsapp',
    subscriptions: [{ categoryId: cat.eventi!, every: 10, offset: 0 }, ...[1, 2, 3, 4, 5].map((offset) => ({ categoryId: cat.eventi!, every: 10, offset })),
      ...[6, 7, 8, 9].map((offset) => ({ categoryId: cat.mobilita!, every: 10, offset }))],
  });
  const chat = (i: number) => String(first + i);
  const inWindow = [0, 2, 4, 6, 8].map(chat);
  await em().nativeUpdate(ChannelIdentity, { externalId: { $in: inWindow } }, { lastInboundAt: new Date(Date.now() - HOUR) });
  // The tenant maps eventi (not mobilità) to an approved template.
  const settingsEm = em();
  const row = await settingsEm.findOneOrFail(Tenant, { id: tenant.id });
  row.settings = { ...row.settings, templates: { whatsapp: { categories: { eventi: { name: 'nuovo_avviso', language: 'it', variables: ['{comune}', '{category}', '{title}'] } } } } };
  await settingsEm.flush();

  const post = async (name: PayloadName, edit: (status: Record<string, unknown>) => void) => {
    const raw = JSON.stringify(payload(name, edit));
    const response = await fastify.inject({ method: 'POST', url: `/webhooks/whatsapp/${built.tenant}`, payload: raw, headers: signedHeaders(raw, secrets.appSecret) });
    t.equal(response.statusCode, 200);
    await built.app.engine.drain();
  };
  return { ...built, graph, whatsapp, em, chat, post, tenantInfo: tenant };
}

async function sendNotice(app: Campanile, categoryKey: string) {
  const tenant = app.defaultTenant;
  const notice = await app.notifications.notices.create(tenant, { categoryKey, title: 'Strada chiusa', text: 'Via Roma chiusa domani.' });
  await app.notifications.notices.send(tenant, notice.id);
  return notice;
}

/** Polls until `check` passes (receipts are applied after the webhook's turn); fails with the last value. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

t.test('in-window people get the free-form notice, out-of-window people the mapped template; the daily budget holds the rest with a visible reason', async (t) => {
  const { app, graph, chat } = await whatsappBroadcast(t);
  const deferred = untilEvent(app, 'delivery:deferred');
  const notice = await sendNotice(app, 'eventi');
  const [held] = await deferred;
  t.match(held.reason, BUDGET_REASON, 'the third person outside the window waits for the next 24 h');
  t.ok(held.notBefore > Date.now() + 23 * HOUR, 'until a budget slot frees');
  const stats = await until(() => app.notifications.noticeStats(app.defaultTenant, notice.id), (s) => s.byState.sent === 5);

  const to = (type: string) => graph.sent.filter((s) => s.type === type).map((s) => s.to).sort();
  t.same(to('text'), [chat(0), chat(2), chat(4)].sort(), 'inside the window: the free-form message');
  t.equal(to('template').length, 2, 'outside the window: the template, for as many people as the budget allows');
  t.ok(to('template').every((id) => [chat(1), chat(3), chat(5)].includes(id!)));
  const template = graph.sent.find((s) => s.type === 'template')?.body.template;
  t.same(template, {
    name: 'nuovo_avviso', language: { code: 'it' },
    components: [{ type: 'body', parameters: [{ type: 'text', text: app.defaultTenant.name }, { type: 'text', text: 'Eventi' }, { type: 'text', text: 'Strada chiusa' }] }],
  }, 'variables filled from the tenant, the category label and the notice');
  t.same(stats.byState, { pending: 1, sending: 0, sent: 5, failed: 0 }, 'nothing is dropped: one delivery waits');
  t.equal(Object.keys(stats.waiting).length, 1);
  t.match(Object.keys(stats.waiting)[0], BUDGET_REASON, 'the admin sees why the notice is not finished');
  const rows = await app.services.tenants.scopedEm(app.defaultTenant.id).find(Delivery, { notice: notice.id, state: 'pending' });
  t.equal(rows[0]?.attempts, 0, 'waiting for the budget uses no attempt');
  const counted = await app.db.em.fork().find(ChannelRecipientWindow, {}, { filters: false });
  t.same(counted.map((c) => c.recipient).sort(), to('template'), 'the budget is kept in the database, shared by every process');
});

t.test('without a template, out-of-window people end as "window closed" in the stats (no call to Meta)', async (t) => {
  const { app, graph, chat } = await whatsappBroadcast(t);
  const notice = await sendNotice(app, 'mobilita');
  await untilEvent(app, 'notice:sent', (e) => e.noticeId === notice.id);
  const stats = await app.notifications.noticeStats(app.defaultTenant, notice.id);
  t.same(stats.byState, { pending: 0, sending: 0, sent: 2, failed: 2 });
  t.same(stats.failedBy, { window: 2 });
  t.same(graph.sent.map((s) => s.to).sort(), [chat(6), chat(8)].sort(), 'only the people inside the window were messaged');
  const failed = await app.services.tenants.scopedEm(app.defaultTenant.id).find(Delivery, { notice: notice.id, state: 'failed' });
  t.match(failed.map((d) => d.reason), [/reply window/, /reply window/]);
});

t.test('status callbacks out of order leave the delivery at its most advanced state; a late 131047 turns a sent delivery into failed(window)', async (t) => {
  const { app, post, chat } = await whatsappBroadcast(t);
  const notice = await sendNotice(app, 'mobilita');
  await untilEvent(app, 'notice:sent', (e) => e.noticeId === notice.id);
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  const byChat = async (id: string) => (await em().find(Delivery, { notice: notice.id }, { populate: ['identity'] })).find((d) => d.identity.externalId === id)!;
  const a = await byChat(chat(6));
  const b = await byChat(chat(8));
  t.ok(a.channelMessageId && b.channelMessageId, 'sent deliveries keep the wamid');

  const status = (id: string) => (s: Record<string, unknown>) => {
    s.id = id;
    delete s.recipient_user_id;
  };
  for (const name of ['status-read', 'status-sent', 'status-delivered', 'status-failed-131047'] as const) await post(name, status(a.channelMessageId!));
  const after = await until(() => byChat(chat(6)), (d) => d.receipt === 'read');
  t.match(after, { state: 'sent', receipt: 'read' }, 'read first, then sent, delivered and a late failure: still read and sent');
  t.ok(after.deliveredAt && after.readAt, 'delivered and read times recorded (read implies delivered)');

  await post('status-sent', status(b.channelMessageId!));
  await post('status-failed-131047', status(b.channelMessageId!));
  const failed = await until(() => byChat(chat(8)), (d) => d.state === 'failed');
  t.match(failed, { state: 'failed', outcome: 'window', receipt: 'failed' }, 'Meta refused after accepting: window closed');

  const stats = await until(() => app.notifications.noticeStats(app.defaultTenant, notice.id), (s) => s.receipts.read === 1);
  t.same(stats.receipts, { delivered: 1, read: 1 });
  t.same(stats.failedBy, { window: 3 }, 'two without a template, one refused by Meta later');
  t.same(stats.byState, { pending: 0, sending: 0, sent: 1, failed: 3 });
});
