// The numbers a mayor asks for, through the real admin API on SQLite and PostgreSQL: the audience per
// day after a scripted run of joins, leaves and (un)subscriptions by real bot turns, and a notice's
// outcome per channel and its not-reached list (JSON pages and CSV) after sends with mixed results;
// bad ranges, another comune's notice and data, no session, and a role without the permission.
import t from 'tap';
import { MemoryAdapter } from '../../../adapters/memory/index.js';
import { localDay, parseCsv, shortIdOf } from '../../../core/internal.js';
import type { AudienceStats, NoticeChannelOutcome, NotReachedPage } from '../../../admin-api/schemas/index.js';
import { build, expectProblem, expectValidationError } from '../../helpers/app.js';
import { categories, seed } from '../../helpers/notifications.js';

const DAY_MS = 24 * 60 * 60 * 1000;

t.test('audience: exact figures after joins, leaves and subscriptions; ranges; another comune sees nothing', async (t) => {
  const memory = new MemoryAdapter();
  const app = await build(t, { memory });
  const cats = await categories(app.campanile);
  const tenant = app.tenant;
  await memory.say(tenant, '1', '/start cat_eventi');
  await memory.press(tenant, '1', `base:toggle:${cats.mobilita}`);
  await memory.say(tenant, '2', '/start cat_mobilita');
  await memory.say(tenant, '3', '/start cat_eventi');
  await memory.press(tenant, '3', `base:toggle:${cats.eventi}`);
  await memory.say(tenant, '4', '/start cat_eventi');
  await memory.say(tenant, '4', '/cancella');
  await memory.press(tenant, '4', 'base:erase:yes');
  const now = new Date();
  await app.campanile.services.audience.runOnce(now);

  const editor = await app.injectAs('editor');
  const url = `/api/v1/tenants/${tenant}/stats/audience`;
  const today = localDay(now, app.campanile.defaultTenant.timezone);
  const res = await editor({ method: 'GET', url });
  t.equal(res.statusCode, 200, res.body);
  const body = res.json<AudienceStats>();
  t.equal(body.to, today, 'to defaults to today in the comune\'s timezone');
  t.equal(body.from, new Date(Date.parse(`${today}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10), 'from defaults to 30 days back');
  t.same(body.channels, ['memory']);
  t.same(body.days, [{
    day: today, followers: 3, joins: 4, leaves: 1, subscribes: 5, unsubscribes: 2,
    subscriptions: [{ category: 'mobilita', count: 2 }, { category: 'eventi', count: 1 }],
  }], '4 joined, 1 erased; eventi: 1 and 4 (erased) and 3 (dropped) → 1; mobilità: 1 and 2');

  const one = (await editor({ method: 'GET', url: `${url}?from=${today}&to=${today}&channel=memory` })).json<AudienceStats>();
  t.equal(one.channel, 'memory');
  t.equal(one.days[0]?.followers, 3, 'one channel');
  t.same((await editor({ method: 'GET', url: `${url}?channel=telegram` })).json<AudienceStats>().days, [], 'a channel without data: no days');
  t.same((await editor({ method: 'GET', url: `${url}?from=2020-01-01&to=2020-01-31` })).json<AudienceStats>().days, [], 'before the first join: no days');
  t.equal((await (await app.injectAs('operator'))({ method: 'GET', url })).statusCode, 200, 'stats.read is enough');

  expectValidationError(t, await editor({ method: 'GET', url: `${url}?from=2026-12-06&to=2026-12-01` }), 'from');
  expectValidationError(t, await editor({ method: 'GET', url: `${url}?from=2026-02-30&to=2026-03-01` }), 'from');
  expectValidationError(t, await editor({ method: 'GET', url: `${url}?from=2024-01-01&to=2026-01-01` }), 'from');
  expectValidationError(t, await editor({ method: 'GET', url: `${url}?from=yesterday` }), 'from');
  expectValidationError(t, await editor({ method: 'GET', url: `${url}?channel=${encodeURIComponent('tele gram')}` }), 'channel');

  const stranger = await app.injectAs('editor', app.otherTenant);
  expectProblem(t, await stranger({ method: 'GET', url }), 404, 'not-found');
  const theirs = (await stranger({ method: 'GET', url: `/api/v1/tenants/${app.otherTenant}/stats/audience` })).json<AudienceStats>();
  t.same([theirs.channels, theirs.days], [[], []], 'another comune\'s numbers hold none of ours');
  expectProblem(t, await app.fastify.inject({ method: 'GET', url }), 401, 'unauthenticated');
});

t.test('a notice\'s outcome per channel and its not-reached list, JSON and CSV', async (t) => {
  const memory = new MemoryAdapter();
  const app = await build(t, { memory });
  const cats = await categories(app.campanile);
  const tenant = app.tenant;
  const tenantId = app.campanile.defaultTenant.id;
  for (const chat of ['1', '2', '3', '4', '5']) await memory.say(tenant, chat, '/start cat_eventi');
  // An account with no adapter running: its rows stay pending.
  await seed(app.campanile, { count: 1, account: 'offline', subscriptions: [{ categoryId: cats.eventi!, every: 1 }] });
  memory.scriptResults('2', { status: 'recipient-gone', reason: 'blocked' });
  memory.scriptResults('3', { status: 'window-closed' });
  memory.scriptResults('4', { status: 'permanent', reason: 'refused' });

  const editor = await app.injectAs('editor');
  const base = `/api/v1/tenants/${tenant}/notices`;
  const created = await editor({ method: 'POST', url: base, payload: { title: 'Concerto', text: 'Sabato alle 21.', categoryId: cats.eventi } });
  const noticeId = created.json<{ id: number }>().id;
  t.equal((await editor({ method: 'POST', url: `${base}/${noticeId}/send` })).statusCode, 202);

  // Wait on the outbox's state, not on a clock: until the five memory rows have their outcome.
  let outcome: NoticeChannelOutcome | undefined;
  for (let i = 0; i < 400; i++) {
    outcome = (await editor({ method: 'GET', url: `${base}/${noticeId}/outcome` })).json<NoticeChannelOutcome>();
    const done = outcome.byChannel.memory;
    if (done && done.delivered + done.failed + done.blocked + done.windowClosed === 5 && done.pending === 1) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const expected = { delivered: 2, failed: 1, blocked: 1, windowClosed: 1, pending: 1 };
  t.same(outcome, { noticeId, total: expected, byChannel: { memory: expected } }, 'delivered 1 and 5; 2 blocked, 3 window closed, 4 refused; the offline one pending');

  const page = (await editor({ method: 'GET', url: `${base}/${noticeId}/not-reached?limit=3` })).json<NotReachedPage>();
  t.equal(page.total, 4);
  t.equal(page.items.length, 3);
  t.type(page.next, 'number', 'a cursor to the next page');
  const rest = (await editor({ method: 'GET', url: `${base}/${noticeId}/not-reached?limit=3&after=${page.next}` })).json<NotReachedPage>();
  t.equal(rest.next, null, 'last page');
  const all = [...page.items, ...rest.items];
  const id = (chat: string) => shortIdOf(tenantId, 'memory', chat);
  t.same(all.map((i) => [i.channel, i.shortId, i.status]).slice(0, 3), [
    ['memory', id('2'), 'blocked'], ['memory', id('3'), 'window-closed'], ['memory', id('4'), 'failed'],
  ], 'who was not reached and why, in planning order');
  t.match(all[3], { channel: 'memory', status: 'pending' });
  t.notOk(JSON.stringify(all).includes('"2"') || all.some((i) => /^\d+$/.test(i.shortId)), 'no chat id leaves the server');

  const csv = await editor({ method: 'GET', url: `${base}/${noticeId}/not-reached.csv` });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /^text\/csv/);
  t.match(csv.headers['content-disposition'], /attachment; filename="avviso-\d+-non-raggiunti\.csv"/);
  t.same(parseCsv(csv.body), [['channel', 'short_id', 'status', 'since'], ...all.map((i) => [i.channel, i.shortId, i.status, i.since])], 'the CSV holds the same list');

  // Another comune: 404 whether it names its own comune or ours; no session: 401; an operator lacks notices.read.
  const stranger = await app.injectAs('editor', app.otherTenant);
  for (const path of ['outcome', 'not-reached', 'not-reached.csv']) {
    expectProblem(t, await stranger({ method: 'GET', url: `/api/v1/tenants/${app.otherTenant}/notices/${noticeId}/${path}` }), 404, 'not-found');
    expectProblem(t, await stranger({ method: 'GET', url: `${base}/${noticeId}/${path}` }), 404, 'not-found');
    expectProblem(t, await app.fastify.inject({ method: 'GET', url: `${base}/${noticeId}/${path}` }), 401, 'unauthenticated');
    expectProblem(t, await (await app.injectAs('operator'))({ method: 'GET', url: `${base}/${noticeId}/${path}` }), 403, 'forbidden');
  }
  expectProblem(t, await editor({ method: 'GET', url: `${base}/999999/outcome` }), 404, 'not-found');
  expectValidationError(t, await editor({ method: 'GET', url: `${base}/${noticeId}/not-reached?limit=0` }), 'limit');
});
