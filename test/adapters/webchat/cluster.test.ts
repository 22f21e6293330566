import t from 'tap';
import { WebchatMessage, type ServerFrame } from '../../../adapters/webchat/index.js';
import { Category, ChannelIdentity, Subscription, plain, scopedSignals, signalHub, sqlRunner } from '../../../core/internal.js';
import { onPostgres, testDatabase } from '../../helpers/database.js';
import { frameText, startWebchat, WebchatClient } from '../../helpers/webchat.js';

const skip = !onPostgres() && 'needs PostgreSQL (TEST_DATABASE_URL): a SQLite database serves one process, so there is no other process to tell';

/** Every message frame a tab ever got (`next()` consumes frames, so duplicates would pass unseen there). */
function recorder(client: WebchatClient): () => string[] {
  const seen: string[] = [];
  client.socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    if (frame.t === 'message') seen.push(`${frame.entry.id}${frame.replaced ? ' replaced' : ''}`);
  });
  return () => seen.filter((key, i) => seen.indexOf(key) !== i);
}

t.test('two processes on one PostgreSQL: a tab connected to B sees live, once, what A sends, and A’s own tab too', { skip }, async (t) => {
  const database = testDatabase(t);
  const a = await startWebchat(t, {}, { database });
  const b = await startWebchat(t, {}, { database });
  t.not(a.base, b.base, 'two servers');

  // The person's tab on B starts the conversation; a second tab of the same session is open on A.
  const onB = await WebchatClient.open(b, b.tenant);
  const twiceOnB = recorder(onB);
  const { token, session } = await onB.hello();
  onB.send({ t: 'msg', id: 'start0001', text: '/start' });
  const toggles = await onB.next('message', (f) => (f.entry.body.choices?.length ?? 0) > 0);
  await onB.next('ack');
  const onA = await WebchatClient.open(a, a.tenant);
  const twiceOnA = recorder(onA);
  await onA.hello(token);

  // An operator's answer, sent by process A (Messenger.send → adapter.send on A).
  const tenant = a.app.defaultTenant;
  const em = a.app.services.tenants.scopedEm(tenant.id);
  const identity = await em.findOneOrFail(ChannelIdentity, { channel: 'webchat', externalId: session });
  const result = await a.app.services.messenger.send(tenant, identity.id, { text: plain('Risposta dall’ufficio tecnico') });
  t.equal(result.status, 'delivered');
  const live = await onB.next('message', (f) => frameText(f).includes('Risposta dall’ufficio tecnico'));
  t.equal(live.entry.dir, 'out');
  t.equal(live.entry.id, result.status === 'delivered' ? result.messageId : '', 'the row A stored, read by id on B');
  await onA.next('message', (f) => frameText(f).includes('Risposta dall’ufficio tecnico'));

  // What the person types on A appears on B (their own bubble), and so does the reply A's engine sends.
  onA.send({ t: 'msg', id: 'typed0001', text: 'ciao' });
  await onA.next('ack');
  await onB.next('message', (f) => f.entry.dir === 'in' && f.entry.clientId === 'typed0001');
  await onB.next('message', (f) => f.entry.dir === 'out');

  // A toggle pressed on A edits the message in place on B too.
  const eventi = await em.findOneOrFail(Category, { key: 'eventi' });
  onA.send({ t: 'button', id: 'toggle0001', payload: `base:toggle:${eventi.id}`, messageId: toggles.entry.id });
  const edited = await onB.next('message', (f) => f.replaced === true);
  t.equal(edited.entry.id, toggles.entry.id, 'the same bubble, replaced');
  await onA.next('ack');

  // A notice through the dispatcher: whichever process owns the lane, both tabs get it live.
  em.create(Subscription, { tenant: tenant.id, person: identity.person, category: await em.findOneOrFail(Category, { key: 'mobilita' }), createdAt: new Date() });
  await em.flush();
  const notice = await a.app.notifications.notices.create(tenant, { categoryKey: 'mobilita', title: 'Strada chiusa', text: 'Via Roma chiusa fino alle 18.' });
  await a.app.notifications.notices.send(tenant, notice.id);
  await onB.next('message', (f) => frameText(f).includes('Strada chiusa'));
  await onA.next('message', (f) => frameText(f).includes('Strada chiusa'));

  // A last message from A is a barrier: one pool, commits in order, so signals arrive in order on B.
  await a.app.services.messenger.send(tenant, identity.id, { text: plain('Fine') });
  await onB.next('message', (f) => frameText(f).includes('Fine'));
  await onA.next('message', (f) => frameText(f).includes('Fine'));
  t.same(twiceOnB(), [], 'tab on B: no message frame twice');
  t.same(twiceOnA(), [], 'tab on A: no message frame twice (A pushed locally and ignored its own signal)');
  t.same([...onB.frames, ...onA.frames].filter((f) => f.t === 'message'), [], 'nothing pushed after the barrier');
  onA.close();
  onB.close();
});

t.test('two processes: the history is the same from both, and an erasure on A resets the tab on B', { skip }, async (t) => {
  const database = testDatabase(t);
  const a = await startWebchat(t, {}, { database });
  const b = await startWebchat(t, {}, { database });
  const onA = await WebchatClient.open(a, a.tenant);
  const { token } = await onA.hello();
  onA.send({ t: 'msg', id: 'start0001', text: '/start' });
  await onA.next('ack');
  const onB = await WebchatClient.open(b, b.tenant);
  const welcome = await onB.hello(token);
  t.ok(welcome.history.length >= 2, 'B reads the history A stored');

  onA.send({ t: 'msg', id: 'erase00001', text: '/cancella' });
  await onA.next('ack');
  onA.send({ t: 'button', id: 'erase00002', payload: 'base:erase:yes' });
  await onA.next('reset');
  await onB.next('reset');
  t.pass('the tab on B drops its token too');
  onA.close();
  onB.close();
});

t.test('two processes: after a gap in the signals the tabs reconnect and read what they missed', { skip }, async (t) => {
  const database = testDatabase(t);
  const a = await startWebchat(t, {}, { database });
  const b = await startWebchat(t, {}, { database });
  const onB = await WebchatClient.open(b, b.tenant);
  const { token, session } = await onB.hello();
  onB.send({ t: 'msg', id: 'start0001', text: '/start' });
  await onB.next('ack');

  // The database drops every listener of this schema (a restart would): what A stores meanwhile is
  // not heard on B, so B asks its tabs to reconnect once it listens again.
  const killed = await sqlRunner(a.app.db).rows(
    `select pg_terminate_backend(pid) as killed from pg_stat_activity where application_name = 'campanile-signals' and query like ?`,
    [`listen "campanile:${database.pgSchema ?? ''}:%`],
  );
  t.ok(killed.length >= 1, 'listeners killed');
  const tenant = a.app.defaultTenant;
  const em = a.app.services.tenants.scopedEm(tenant.id);
  const identity = await em.findOneOrFail(ChannelIdentity, { channel: 'webchat', externalId: session });
  const sent = await a.app.services.messenger.send(tenant, identity.id, { text: plain('Mentre B non ascoltava') });
  t.equal(sent.status, 'delivered');
  t.equal(await onB.closed(), 1012, 'the tab on B is asked to reconnect (service restart)');

  const again = await WebchatClient.open(b, b.tenant);
  const welcome = await again.hello(token);
  t.ok(welcome.history.some((entry) => JSON.stringify(entry.body).includes('Mentre B non ascoltava')), 'the history read on reconnect has the missed message');
  again.close();
});

t.test('on any database: a signal from another process pushes the stored row by id; malformed ones are ignored; sends are announced', async (t) => {
  const hub = signalHub();
  const server = await startWebchat(t, {}, { signals: hub.member() });
  // The other process, as the adapter's scoped topic sees it.
  const other = scopedSignals(hub.member(), 'webchat:default');
  const heard: unknown[] = [];
  await other.subscribe('live', (payload) => void heard.push(payload));

  const tab = await WebchatClient.open(server, server.tenant);
  const twice = recorder(tab);
  const { session } = await tab.hello();
  tab.send({ t: 'msg', id: 'start0001', text: '/start' });
  await tab.next('ack');
  t.match(heard, [{ kind: 'message', tenant: server.tenant, session, ids: [/^\d+$/] }], 'the typed bubble and the replies are announced, ids only');
  t.ok(heard.length >= 2);

  const em = server.app.services.tenants.scopedEm(server.app.defaultTenant.id);
  const row = em.create(WebchatMessage, { tenant: server.app.defaultTenant.id, session, direction: 'out', clientId: null, body: { text: [{ text: 'Da un altro processo' }] } });
  await em.flush();
  const id = String(row.id);
  for (const bad of [
    { kind: 'message', tenant: 'No Such Slug', session, ids: [id] },
    { kind: 'message', tenant: server.tenant, session, ids: ['1 or 1=1'] },
    { kind: 'shout', tenant: server.tenant, session, ids: [id] },
    { kind: 'message', tenant: server.tenant, session: 'not-connected-here', ids: [id] },
  ]) await other.publish('live', bad);
  await other.publish('live', { kind: 'message', tenant: server.tenant, session, ids: [id] });
  const pushed = await tab.next('message', (f) => frameText(f) === 'Da un altro processo');
  t.equal(pushed.entry.id, id, 'read from the history by id');
  t.same(twice(), [], 'pushed once: the malformed signals and the one for a session without a tab here pushed nothing');
  tab.close();
});
