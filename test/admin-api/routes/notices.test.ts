// The notices API on the real notification engine (memory channel): CRUD, validation naming the
// field, send → stats that add up to the audience, live progress as server-sent events over a real
// socket, scheduling in the comune's timezone, cancel, 409 once sent, audit, stats and metrics.
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import t, { type Test } from 'tap';
import app from '../../../admin-api/app.js';
import { AuditEntry, Delivery, Notice as NoticeEntity, type NotificationOptions } from '../../../core/internal.js';
import { build, expectProblem, expectValidationError, type AdminTestApp } from '../../helpers/app.js';
import { categories, seed, untilEvent } from '../../helpers/notifications.js';

const base = (app: AdminTestApp, tenant = app.tenant) => `/api/v1/tenants/${tenant}/notices`;

async function withAudience(t: Test, count = 3, notifications?: Partial<NotificationOptions>) {
  const app = await build(t, notifications ? { notifications } : {});
  const cats = await categories(app.campanile);
  await seed(app.campanile, { count, subscriptions: [{ categoryId: cats.eventi!, every: 1 }] });
  const editor = await app.injectAs('editor');
  const create = async (extra: Record<string, unknown> = {}) => {
    const res = await editor({ method: 'POST', url: base(app), payload: { title: 'Concerto', text: 'Sabato alle 21.', categoryId: cats.eventi, ...extra } });
    if (res.statusCode !== 201) throw new Error(`create: ${res.statusCode} ${res.body}`);
    return res.json<{ id: number; status: string }>();
  };
  return { app, cats, editor, create };
}

const auditOf = async (app: AdminTestApp, action: string) =>
  app.campanile.db.em.fork().find(AuditEntry, { action, target: 'notices' }, { filters: false });

t.test('CRUD: create a draft (author = the signed-in user), read, list, edit, clear, delete', async (t) => {
  const { app, cats, editor, create } = await withAudience(t, 0);
  const notice = await create({ linkUrl: 'https://comune.example.it/concerto' });
  const res = await editor({ method: 'GET', url: `${base(app)}/${notice.id}` });
  t.equal(res.statusCode, 200);
  t.match(res.json(), {
    id: notice.id, title: 'Concerto', text: 'Sabato alle 21.', categoryId: cats.eventi, status: 'draft', priority: 'normal',
    imageMediaId: null, documentMediaId: null, linkUrl: 'https://comune.example.it/concerto', scheduledAt: null, sentAt: null,
    author: `editor.${app.tenant}@test.example`,
  });
  t.notOk('planCursor' in res.json() || 'lockedBy' in res.json() || 'tenant' in res.json(), 'engine internals never leave the server');

  const second = await create({ title: 'Secondo' });
  const list = (await editor({ method: 'GET', url: `${base(app)}?limit=1` })).json<{ items: { id: number }[]; total: number }>();
  t.equal(list.total, 2);
  t.same(list.items.map((n) => n.id), [second.id], 'newest first, limited');
  t.equal((await editor({ method: 'GET', url: `${base(app)}?status=sent` })).json<{ total: number }>().total, 0, 'status filter');

  const put = await editor({ method: 'PUT', url: `${base(app)}/${notice.id}`, payload: { title: 'Concerto rinviato', linkUrl: null } });
  t.equal(put.statusCode, 200, put.body);
  t.match(put.json(), { title: 'Concerto rinviato', text: 'Sabato alle 21.', linkUrl: null }, 'absent fields stay, null clears');

  t.equal((await editor({ method: 'DELETE', url: `${base(app)}/${second.id}` })).statusCode, 204);
  expectProblem(t, await editor({ method: 'GET', url: `${base(app)}/${second.id}` }), 404, 'not-found');

  // Another comune's editor: 404 on the path, and the notice id does not exist in their comune.
  const stranger = await app.injectAs('editor', app.otherTenant);
  expectProblem(t, await stranger({ method: 'GET', url: `${base(app)}/${notice.id}` }), 404, 'not-found');
  expectProblem(t, await stranger({ method: 'GET', url: `${base(app, app.otherTenant)}/${notice.id}` }), 404, 'not-found');
  expectProblem(t, await stranger({ method: 'PUT', url: `${base(app, app.otherTenant)}/${notice.id}`, payload: { title: 'x' } }), 404, 'not-found');
});

t.test('validation errors name the field; nothing is written', async (t) => {
  const { app, cats, editor } = await withAudience(t, 0);
  const post = (payload: Record<string, unknown>) => editor({ method: 'POST', url: base(app), payload });
  const valid = { title: 'Titolo', text: 'Testo', categoryId: cats.eventi };
  expectValidationError(t, await post({ text: 'x', categoryId: cats.eventi }), 'title');
  expectValidationError(t, await post({ ...valid, title: '   ' }), 'title');
  expectValidationError(t, await post({ ...valid, text: 'x'.repeat(4001) }), 'text');
  expectValidationError(t, await post({ ...valid, categoryId: 999999 }), 'categoryId');
  expectValidationError(t, await post({ ...valid, linkUrl: 'ftp://comune.example.it' }), 'linkUrl');
  expectValidationError(t, await post({ ...valid, imageMediaId: 'ab'.repeat(32) }), 'imageMediaId');
  expectValidationError(t, await post({ ...valid, priority: 'now' }), 'priority');
  t.equal(await app.campanile.db.em.fork().count(NoticeEntity, {}, { filters: false }), 0, 'no notice was written');
});

t.test('send: 202 with the audience, stats add up, 409 on edits afterwards, audited as send', async (t) => {
  const { app, editor, create } = await withAudience(t, 3);
  const notice = await create();
  const done = untilEvent(app.campanile, 'notice:sent', (e) => e.noticeId === notice.id);
  const res = await editor({ method: 'POST', url: `${base(app)}/${notice.id}/send` });
  t.equal(res.statusCode, 202, res.body);
  t.equal(res.json().audience, 3);
  t.equal(res.json().notice.status, 'sending');
  await done;
  const stats = (await editor({ method: 'GET', url: `${base(app)}/${notice.id}/stats` })).json<{ audience: number; status: string; byStatus: Record<string, number>; byChannel: Record<string, Record<string, number>> }>();
  t.equal(stats.status, 'sent');
  t.equal(stats.audience, 3);
  t.equal(stats.byStatus.sent! + stats.byStatus.failed! + stats.byStatus.pending! + stats.byStatus.sending!, stats.audience, 'states add up to the audience');
  t.equal(stats.byChannel.memory?.sent, 3);

  expectProblem(t, await editor({ method: 'PUT', url: `${base(app)}/${notice.id}`, payload: { title: 'Troppo tardi' } }), 409, 'conflict');
  expectProblem(t, await editor({ method: 'POST', url: `${base(app)}/${notice.id}/send` }), 409, 'conflict');
  expectProblem(t, await editor({ method: 'POST', url: `${base(app)}/${notice.id}/cancel` }), 409, 'conflict');
  expectProblem(t, await editor({ method: 'DELETE', url: `${base(app)}/${notice.id}` }), 409, 'conflict');
  const sent = await auditOf(app, 'send');
  t.equal(sent.length, 1, 'one send in the audit log');
  t.equal(sent[0]?.targetId, String(notice.id));

  // An operator may not send (no notices.send) and sees no notices on the dashboard.
  const operator = await app.injectAs('operator');
  expectProblem(t, await operator({ method: 'POST', url: `${base(app)}/${notice.id}/send` }), 403, 'forbidden');
});

t.test('stats: channel receipts and why pending deliveries wait leave the server', async (t) => {
  const { app, editor, create } = await withAudience(t, 3);
  const notice = await create();
  const done = untilEvent(app.campanile, 'notice:sent', (e) => e.noticeId === notice.id);
  t.equal((await editor({ method: 'POST', url: `${base(app)}/${notice.id}/send` })).statusCode, 202);
  await done;
  const statsUrl = `${base(app)}/${notice.id}/stats`;
  const before = (await editor({ method: 'GET', url: statsUrl })).json();
  t.same(before.receipts, { delivered: 0, read: 0 }, 'the memory channel sends no receipts');
  t.same(before.waiting, {});

  // Receipts as WhatsApp status callbacks record them, and one delivery held back by the daily budget.
  const em = app.campanile.db.em.fork();
  const rows = await em.find(Delivery, { notice: notice.id }, { filters: false, orderBy: { id: 'asc' } });
  t.equal(rows.length, 3);
  const budget = 'whatsapp daily budget of 250 unique recipients reached';
  await em.nativeUpdate(Delivery, { id: rows[0]!.id }, { receipt: 'delivered' }, { filters: false });
  await em.nativeUpdate(Delivery, { id: rows[1]!.id }, { receipt: 'read' }, { filters: false });
  // Held as a deferred row is: pending, with its reason, not before the budget frees up (the lane stays
  // owned for a while after its work, so a row due now would be sent again at once).
  await em.nativeUpdate(Delivery, { id: rows[2]!.id }, { state: 'pending', reason: budget, notBefore: Date.now() + 3_600_000 }, { filters: false });
  const stats = (await editor({ method: 'GET', url: statsUrl })).json();
  t.same(stats.receipts, { delivered: 2, read: 1 }, 'read counts as delivered too');
  t.same(stats.waiting, { [budget]: 1 });
  t.equal(stats.byStatus.pending, 1);
});

t.test('progress: server-sent events over a real socket, progress then done with the final stats', async (t) => {
  // 10 messages/s on the memory channel: 5 deliveries take ~0.5 s, long enough to watch them go.
  const { app, editor, create } = await withAudience(t, 5, { rateLimits: { memory: { perAccount: { count: 10, perMs: 1000 } } } });
  // A second server on the same engine, listening, so the stream is read as a browser reads it.
  const server = Fastify({ logger: false });
  await server.register(fp(app_), { campanile: app.campanile, env: {} });
  await server.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => server.close());
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const token = await app.tokenOf('editor');
  const notice = await create();

  const response = await fetch(`http://127.0.0.1:${port}${base(app)}/${notice.id}/progress`, { headers: { authorization: `Bearer ${token}` } });
  t.equal(response.status, 200);
  t.match(response.headers.get('content-type'), /^text\/event-stream/);
  const events: { event: string; data: { status: string; audience: number; byStatus: Record<string, number> } }[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(frame)?.[1];
        const data = /^data: (.+)$/m.exec(frame)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  })();
  // The draft's first frame arrives before anything is sent.
  while (events.length === 0) await new Promise((r) => setTimeout(r, 10));
  t.match(events[0], { event: 'progress', data: { status: 'draft', audience: 0 } });
  t.equal((await editor({ method: 'POST', url: `${base(app)}/${notice.id}/send` })).statusCode, 202);
  await reading; // the server ends the stream after `done`
  const last = events[events.length - 1]!;
  t.equal(last.event, 'done', 'the stream ends with done');
  t.equal(last.data.status, 'sent');
  t.equal(last.data.audience, 5);
  t.equal(last.data.byStatus.sent, 5, 'the final stats count every delivery');
  t.ok(events.filter((e) => e.event === 'done').length === 1, 'one done');
  t.ok(events.some((e) => e.event === 'progress' && e.data.status === 'sending'), 'progress while sending');

  // A stream whose client goes away is closed on the server too, and close() does not wait for it.
  const aborted = new AbortController();
  const open = await fetch(`http://127.0.0.1:${port}${base(app)}/${(await create()).id}/progress`, { headers: { authorization: `Bearer ${token}` }, signal: aborted.signal });
  t.equal(open.status, 200);
  aborted.abort();
  await new Promise((r) => setTimeout(r, 300));
  const lingering = await fetch(`http://127.0.0.1:${port}${base(app)}/${(await create()).id}/progress`, { headers: { authorization: `Bearer ${token}` } });
  const started = Date.now();
  await server.close();
  t.ok(Date.now() - started < 2000, `the server closes with a stream open (${Date.now() - started} ms)`);
  await lingering.body?.cancel().catch(() => {});
});
const app_ = app;

t.test('schedule in the comune\'s timezone (stored as UTC), then cancel; both audited', async (t) => {
  const { app, editor, create } = await withAudience(t, 1);
  const notice = await create();
  const schedule = (at: string) => editor({ method: 'POST', url: `${base(app)}/${notice.id}/schedule`, payload: { scheduledAt: at } });
  const winter = await schedule('2035-01-15T08:30');
  t.equal(winter.statusCode, 200, winter.body);
  t.equal(winter.json().status, 'scheduled');
  t.equal(winter.json().scheduledAt, '2035-01-15T07:30:00.000Z', 'Europe/Rome in winter is UTC+1');
  const summer = await schedule('2035-07-15T08:30');
  t.equal(summer.json().scheduledAt, '2035-07-15T06:30:00.000Z', 'and UTC+2 in summer');
  const stored = await app.campanile.db.em.fork().findOneOrFail(NoticeEntity, { id: notice.id }, { filters: false });
  t.equal(new Date(stored.scheduledAt!).toISOString(), '2035-07-15T06:30:00.000Z', 'the database holds the UTC instant');

  expectValidationError(t, await schedule('2020-01-01T08:00'), 'scheduledAt');
  expectValidationError(t, await schedule('15/01/2035 08:30'), 'scheduledAt');
  expectValidationError(t, await schedule('2035-02-30T08:30'), 'scheduledAt');

  const edited = await editor({ method: 'PUT', url: `${base(app)}/${notice.id}`, payload: { text: 'Orario cambiato.' } });
  t.equal(edited.json().status, 'scheduled', 'a scheduled notice can still be edited');
  const cancelled = await editor({ method: 'POST', url: `${base(app)}/${notice.id}/cancel` });
  t.equal(cancelled.statusCode, 200);
  t.equal(cancelled.json().status, 'cancelled');
  expectProblem(t, await editor({ method: 'POST', url: `${base(app)}/${notice.id}/cancel` }), 409, 'conflict');
  expectProblem(t, await schedule('2035-01-15T08:30'), 409, 'conflict');
  t.equal((await auditOf(app, 'schedule')).length, 2);
  t.equal((await auditOf(app, 'cancel')).length, 1);
});

t.test('tenant stats: notices per day and recent outcomes; /auth/me: comune name and timezone; /metrics: deliveries and queue depth', async (t) => {
  const { app, editor, create } = await withAudience(t, 2);
  const notice = await create();
  const done = untilEvent(app.campanile, 'notice:sent', (e) => e.noticeId === notice.id);
  await editor({ method: 'POST', url: `${base(app)}/${notice.id}/send` });
  await done;
  const stats = (await editor({ method: 'GET', url: `/api/v1/tenants/${app.tenant}/stats` })).json<{
    noticesSent: { day: string; count: number }[]; recentNotices: { id: number; status: string; audience: number; sent: number; failed: number; pending: number }[];
  }>();
  t.equal(stats.noticesSent.length, 30, 'every day of the last 30');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
  t.same(stats.noticesSent[29], { day: today, count: 1 }, 'today, in the comune\'s timezone, one notice');
  t.match(stats.recentNotices[0], { id: notice.id, status: 'sent', audience: 2, sent: 2, failed: 0, pending: 0 });
  const operator = await app.injectAs('operator');
  const forOperator = (await operator({ method: 'GET', url: `/api/v1/tenants/${app.tenant}/stats` })).json<Record<string, unknown>>();
  t.notOk('recentNotices' in forOperator, 'no notice titles for a role without notices.read');

  const me = (await editor({ method: 'GET', url: '/api/v1/auth/me' })).json<{ tenantName: string; timeZone: string }>();
  t.equal(me.timeZone, 'Europe/Rome');
  t.equal(me.tenantName, app.campanile.defaultTenant.name);
  const root = (await (await app.injectAs('superadmin'))({ method: 'GET', url: '/api/v1/auth/me' })).json<{ tenantName: null; timeZone: null }>();
  t.same([root.tenantName, root.timeZone], [null, null], 'a superadmin belongs to no comune');

  const metrics = (await app.fastify.inject({ method: 'GET', url: '/metrics' })).body;
  t.match(metrics, /campanile_deliveries_total\{channel="memory",outcome="sent"\} 2/);
  t.match(metrics, new RegExp(`campanile_outbox_queue_depth\\{lane="${app.campanile.defaultTenant.id}:memory:default",state="pending"\\} 0`));
});
