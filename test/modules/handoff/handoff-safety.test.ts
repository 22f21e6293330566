import t from 'tap';
import { textOf } from '../../helpers/campanile.js';
import { buildHandoffApp } from '../../helpers/handoff-app.js';

type Summary = { id: number; state: string; closedBy: string | null };
const MIN = 60_000;
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('retention photo')]);

t.test('safety nets: max wait → deferred, idle live and deferred → closed, each person told once; presence expires', async (t) => {
  let now = new Date('2026-12-07T09:00:00Z');
  const { memory, tenant, call, handoff } = await buildHandoffApp(t, { now: () => now, sweepIntervalMs: 3_600_000 });
  await call('PUT', '/presence', { status: 'online' });
  t.match(textOf(await memory.say(tenant, '1', '/operatore')), /a breve/, 'waiting');
  t.match(textOf(await memory.say(tenant, '2', '/operatore')), /a breve/);
  const list = async () => ((await call('GET', '/conversations', undefined)).json() as { items: Summary[] }).items;
  const [first, second] = await list();
  t.equal((await call('POST', `/conversations/${second?.id}/take`)).statusCode, 200, 'the second is taken (live)');
  const toChat = (chat: string, from: number) => textOf(memory.sent.slice(from).filter((s) => s.ref.chatId === chat).map((s) => s.message));

  now = new Date(now.getTime() + 4 * MIN);
  t.same(await handoff.safetyNet.sweep(now), { deferred: 0, closed: 0 }, 'within the maximum wait nothing moves');
  now = new Date(now.getTime() + 2 * MIN);
  let mark = memory.sent.length;
  t.same(await handoff.safetyNet.sweep(now), { deferred: 1, closed: 0 }, 'past 5 minutes the waiting person is deferred');
  t.match(toChat('1', mark), /Gli operatori sono tutti occupati/, 'and told');
  t.same(await handoff.safetyNet.sweep(now), { deferred: 0, closed: 0 }, 'a second pass moves nothing: told once');
  t.match(textOf(await memory.say(tenant, '3', '/operatore')), /non c'è un operatore disponibile/, "the operator's presence expired: the next person is deferred");

  now = new Date(now.getTime() + 25 * 60 * MIN);
  mark = memory.sent.length;
  t.same(await handoff.safetyNet.sweep(now), { deferred: 0, closed: 1 }, 'a live conversation idle for 24 h is closed');
  t.match(toChat('2', mark), /chiusa per inattività/, 'and the person told');
  now = new Date(now.getTime() + 7 * 24 * 60 * MIN);
  t.same(await handoff.safetyNet.sweep(now), { deferred: 0, closed: 2 }, 'deferred ones idle for 7 days are closed');
  const closed = ((await call('GET', '/conversations?filter=closed')).json() as { items: Summary[] }).items;
  t.same(closed.map((c) => c.closedBy), ['idle', 'idle', 'idle']);
  t.ok(first);
});

t.test('retention: closed conversations go after the conversation retention, files and positions earlier; erasure takes the rest', async (t) => {
  const { memory, tenant, call, campanile: app } = await buildHandoffApp(t);
  await memory.say(tenant, '10', '/operatore');
  await memory.deliver({ ...memory.base(tenant, '10'), kind: 'media', media: { kind: 'photo', mimeType: 'image/png', fileName: 'p.png', fetch: async () => new Uint8Array(PNG) } });
  await memory.deliver({ ...memory.base(tenant, '10'), kind: 'location', latitude: 45, longitude: 9 });
  await memory.say(tenant, '11', '/operatore');
  await memory.say(tenant, '11', '/fine');
  const knex = app.db.em.getKnex();
  const day = 24 * 60 * MIN;
  // Everything happened 40 days ago: past the media and location retention (30), within the conversation one (180).
  const at = new Date(Date.now() - 40 * day);
  await knex('handoff_message').update({ created_at: at });
  await knex('handoff_conversation').update({ last_activity_at: at });
  let report = await app.services.retention.runOnce(new Date());
  t.match(report.tenants.find((r) => r.tenant === tenant)?.deleted['module:handoff'], { files: 1, positions: 1 }, 'files and positions forgotten');
  const messages = await knex('handoff_message').select('media_id', 'latitude').orderBy('id');
  t.same(messages.map((m: { media_id: string | null; latitude: number | null }) => [m.media_id, m.latitude]), [[null, null], [null, null]]);

  const old = new Date(Date.now() - 200 * day);
  await knex('handoff_message').update({ created_at: old });
  await knex('handoff_conversation').update({ last_activity_at: old });
  report = await app.services.retention.runOnce(new Date());
  t.match(report.tenants.find((r) => r.tenant === tenant)?.deleted['module:handoff'], { conversations: 1, messages: 2 }, 'the closed conversation goes; the open one loses its old messages');
  const left = (await call('GET', '/conversations?filter=open')).json() as { items: Summary[] };
  t.equal(left.items.length, 1, 'the open conversation is still there');

  await memory.say(tenant, '10', '/cancella');
  await memory.press(tenant, '10', 'base:erase:yes');
  t.equal(Number((await knex('handoff_conversation').count({ n: '*' }))[0]?.n), 0, 'erasure removes the person\'s conversations');
});
