import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { SessionTokens } from '../../../adapters/webchat/index.js';
import { WebchatMessage } from '../../../adapters/webchat/webchat-message.js';
import { ChannelIdentity, Category, ProcessedEvent, plain } from '../../../core/internal.js';
import { frameText, startWebchat, TEST_SECRET, WebchatClient, type WebchatServer } from '../../helpers/webchat.js';

async function identityOf(server: WebchatServer, session: string) {
  const em = server.app.services.tenants.scopedEm(server.app.defaultTenant.id);
  const identity = await em.findOne(ChannelIdentity, { channel: 'webchat', externalId: session });
  if (!identity) throw new Error('no identity for the session');
  return identity;
}

async function historyRows(server: WebchatServer, session: string) {
  return server.app.services.tenants.scopedEm(server.app.defaultTenant.id).find(WebchatMessage, { session }, { orderBy: { id: 'asc' } });
}

t.test('a session is issued, used, and restored with its history by its token', async (t) => {
  const server = await startWebchat(t);
  const client = await WebchatClient.open(server, server.tenant);
  const welcome = await client.hello();
  t.match(welcome.token, /^esempio\./, 'the token names its tenant');
  t.same(welcome.history, [], 'a new session has no history');
  t.equal(welcome.limits.maxText, 4096);

  client.send({ t: 'msg', id: 'start0001', text: '/start' });
  const echoed = await client.next('message', (f) => f.entry.dir === 'in');
  t.equal(echoed.entry.clientId, 'start0001', 'the inbound message is recorded with its client id');
  const greeting = await client.next('message', (f) => f.entry.dir === 'out');
  t.match(frameText(greeting), /Comune di Esempio/, 'the welcome names the comune');
  const toggles = await client.next('message', (f) => (f.entry.body.choices?.length ?? 0) > 0);
  await client.next('ack', (f) => f.id === 'start0001');
  t.ok(toggles.entry.body.choices?.some((c) => c.selected === false), 'the category toggles arrive with their state');
  client.close();

  const again = await WebchatClient.open(server, server.tenant);
  const restored = await again.hello(welcome.token);
  t.equal(restored.session, welcome.session, 'the token reopens the same session');
  t.same(restored.history.map((e) => e.dir), ['in', 'out', 'out'], 'the history comes back in order');
  t.equal(restored.history[0]?.body.text?.[0]?.text, '/start');
  again.close();
});

t.test('a tampered or foreign-tenant token is refused', async (t) => {
  const server = await startWebchat(t);
  await server.app.services.tenants.ensure({ slug: 'altro', name: 'Comune di Altro', enabledModules: ['base'] });
  const first = await WebchatClient.open(server, server.tenant);
  const { token } = await first.hello();
  first.close();

  const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
  const a = await WebchatClient.open(server, server.tenant);
  a.send({ t: 'hello', token: tampered });
  const refused = await a.next('error');
  t.equal(refused.code, 'token-invalid', 'a tampered token is refused');
  t.equal(await a.closed(), 4401, 'and the socket is closed');

  const b = await WebchatClient.open(server, 'altro');
  b.send({ t: 'hello', token });
  t.equal((await b.next('error')).code, 'token-invalid', "another comune's token is refused");
  t.equal(await b.closed(), 4401);

  const forged = new SessionTokens('another-secret-0123456789-abcdefghijklmnop').issue(server.tenant).token;
  const c = await WebchatClient.open(server, server.tenant);
  c.send({ t: 'hello', token: forged });
  t.equal((await c.next('error')).code, 'token-invalid', 'a token signed with another secret is refused');

  const upload = await fetch(`${server.base}/chat/altro/upload`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png', 'x-client-id': 'upload0001' }, body: new Uint8Array(10),
  });
  t.equal(upload.status, 401, 'an upload with a foreign token is refused');
  t.equal(((await upload.json()) as { error: { code: string } }).error.code, 'token-invalid');

  const unknown = await WebchatClient.open(server, 'nessuno');
  unknown.send({ t: 'hello' });
  t.equal((await unknown.next('error')).code, 'tenant-unknown');
});

t.test('oversized messages and uploads, wrong types and floods get clear errors', async (t) => {
  const server = await startWebchat(t, { rate: { burst: 3, perSecond: 0.5 } });
  const client = await WebchatClient.open(server, server.tenant);
  const { token } = await client.hello();

  client.send({ t: 'msg', id: 'toolong01', text: 'x'.repeat(4097) });
  const tooLong = await client.next('error');
  t.equal(tooLong.code, 'too-long');
  t.equal(tooLong.id, 'toolong01', 'the error names the message');
  t.match(tooLong.message, /at most 4096 characters/);

  for (let i = 0; i < 4; i += 1) client.send({ t: 'button', id: `flood000${i}`, payload: 'base:menu' });
  const limited = await client.next('error', (f) => f.code === 'rate-limited');
  t.equal(limited.id, 'flood0003', 'the fourth message in a burst of three is refused');
  t.ok((limited.retryAfterMs ?? 0) > 0, 'with how long to wait');

  const big = await fetch(`${server.base}/chat/${server.tenant}/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg', 'x-client-id': 'bigphoto01', 'x-file-name': 'foto.jpg' },
    body: new Uint8Array(10 * 1024 * 1024 + 1),
  });
  t.equal(big.status, 413);
  const bigError = ((await big.json()) as { error: { code: string; message: string } }).error;
  t.equal(bigError.code, 'too-large');
  t.match(bigError.message, /at most 10 MB/);

  const exe = await fetch(`${server.base}/chat/${server.tenant}/upload`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-msdownload', 'x-client-id': 'badtype001' }, body: new Uint8Array(10),
  });
  t.equal(exe.status, 415);
  t.match(((await exe.json()) as { error: { message: string } }).error.message, /image\/jpeg/);

  client.send({ t: 'nonsense', id: 'whatever1' });
  t.equal((await client.next('error', (f) => f.code === 'bad-frame')).id, 'whatever1');
});

t.test('an upload becomes a media message with lazy bytes, shown in the history', async (t) => {
  const server = await startWebchat(t);
  const client = await WebchatClient.open(server, server.tenant);
  const { token, session } = await client.hello();
  client.send({ t: 'msg', id: 'start0001', text: '/start' });
  await client.next('ack');
  const seen = new Promise<string>((resolve) => {
    server.app.engine.events.on('turn:done', (done) => resolve(done.outcome));
  });
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
  const response = await fetch(`${server.base}/chat/${server.tenant}/upload`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png', 'x-client-id': 'photo00001', 'x-file-name': encodeURIComponent('buca via Roma.png') }, body: png,
  });
  t.equal(response.status, 200);
  const pushed = await client.next('message', (f) => f.entry.clientId === 'photo00001');
  const attachment = pushed.entry.body.attachment;
  t.equal(attachment?.kind, 'photo');
  t.equal(attachment?.fileName, 'buca via Roma.png');
  t.equal(await seen, 'handled', 'the engine handled the media message');
  const media = await fetch(`${server.base}${attachment?.url}`);
  t.equal(media.status, 200, 'the signed URL serves the photo');
  t.equal(media.headers.get('content-type'), 'image/png');
  t.same(new Uint8Array(await media.arrayBuffer()), png);
  const forged = await fetch(`${server.base}${attachment?.url.replace(/s=[^&]+/, 's=AAAA')}`);
  t.equal(forged.status, 404, 'a URL without the right signature serves nothing');
  t.ok(existsSync(join(server.mediaDir, 'in', server.tenant, session)), 'the upload is stored under the session');
});

t.test('a message resent after a reconnect is processed once', async (t) => {
  const server = await startWebchat(t);
  const first = await WebchatClient.open(server, server.tenant);
  const { token, session } = await first.hello();
  const handled = new Promise<void>((resolve) => {
    server.app.engine.events.on('turn:done', (done) => done.messageId === `${session}:resend0001` && resolve());
  });
  first.send({ t: 'msg', id: 'resend0001', text: '/start' });
  // The connection drops before the ack arrives; the server still handles what it received.
  first.socket.terminate();
  await handled;

  const second = await WebchatClient.open(server, server.tenant);
  const welcome = await second.hello(token);
  t.ok(welcome.history.some((e) => e.clientId === 'resend0001'), 'the history already holds the message');
  second.send({ t: 'msg', id: 'resend0001', text: '/start' });
  const ack = await second.next('ack', (f) => f.id === 'resend0001');
  t.equal(ack.duplicate, true, 'the resend is acknowledged as a duplicate');
  await server.app.engine.drain();

  const rows = await historyRows(server, session);
  t.equal(rows.filter((r) => r.direction === 'in').length, 1, 'recorded once');
  t.equal(rows.filter((r) => r.direction === 'out').length, 2, 'answered once (welcome + categories)');
  const em = server.app.services.tenants.scopedEm(server.app.defaultTenant.id);
  t.equal(await em.count(ProcessedEvent, { eventId: `${session}:resend0001` }), 1, 'the engine saw one event');
});

t.test('a proactive send is pushed live, and waits in the history while the tab is closed', async (t) => {
  const server = await startWebchat(t);
  const { messenger } = server.app.services;
  const client = await WebchatClient.open(server, server.tenant);
  const { token, session } = await client.hello();
  client.send({ t: 'msg', id: 'start0001', text: '/start' });
  await client.next('ack');
  const identity = await identityOf(server, session);

  const result = await messenger.send(server.app.defaultTenant, identity.id, { text: plain('Avviso: strada chiusa'), links: [{ label: 'Dettagli', url: 'https://example.org/avviso' }, { label: 'x', url: 'javascript:alert(1)' }] });
  t.equal(result.status, 'delivered');
  const live = await client.next('message', (f) => frameText(f).includes('strada chiusa'));
  t.same(live.entry.body.links, [{ label: 'Dettagli', url: 'https://example.org/avviso' }], 'only http(s) links reach the browser');
  client.close();
  await client.closed();

  t.equal((await messenger.send(server.app.defaultTenant, identity.id, { text: plain('Avviso serale') })).status, 'delivered', 'a closed tab still counts as delivered');
  const later = await WebchatClient.open(server, server.tenant);
  const { history } = await later.hello(token);
  t.match(history.map((e) => (e.body.text ?? []).map((s) => s.text).join('')).join('|'), /Avviso serale/, 'the notice waits in the history');

  const nobody = await server.webchat.send({ tenant: server.tenant, channel: 'webchat', account: 'default', chatId: 'AAAAAAAAAAAAAAAAAAAAAA' }, { text: plain('?') });
  t.same(nobody, { status: 'recipient-gone', reason: 'unknown' }, 'a session that never wrote cannot be written to');
});

t.test('toggles are edited in place; /cancella erases the history and uploads and resets the tab', async (t) => {
  const server = await startWebchat(t);
  const client = await WebchatClient.open(server, server.tenant);
  const { session, token } = await client.hello();
  client.send({ t: 'msg', id: 'start0001', text: '/start' });
  const toggles = await client.next('message', (f) => (f.entry.body.choices?.length ?? 0) > 0);
  await client.next('ack');
  const em = server.app.services.tenants.scopedEm(server.app.defaultTenant.id);
  const eventi = await em.findOneOrFail(Category, { key: 'eventi' });
  client.send({ t: 'button', id: 'toggle0001', payload: `base:toggle:${eventi.id}`, messageId: toggles.entry.id });
  const edited = await client.next('message', (f) => f.replaced === true);
  t.equal(edited.entry.id, toggles.entry.id, 'the same message is replaced');
  t.equal(edited.entry.body.choices?.find((c) => c.payload === `base:toggle:${eventi.id}`)?.selected, true, 'now pressed');
  await client.next('ack');

  await fetch(`${server.base}/chat/${server.tenant}/upload`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png', 'x-client-id': 'photo00001' }, body: new Uint8Array(16),
  });
  await server.app.engine.drain();
  client.send({ t: 'msg', id: 'erase00001', text: '/cancella' });
  await client.next('ack');
  client.send({ t: 'button', id: 'erase00002', payload: 'base:erase:yes' });
  const last = await client.next('message', (f) => f.entry.dir === 'out');
  t.ok(frameText(last).length > 0, 'the confirmation reaches the open tab');
  await client.next('reset');
  await client.next('ack');
  t.equal((await historyRows(server, session)).length, 0, 'no history row of the session is left');
  t.equal(await em.count(ChannelIdentity, { channel: 'webchat', externalId: session }), 0, 'the identity is gone');
  t.notOk(existsSync(join(server.mediaDir, 'in', server.tenant, session)), 'the uploads are deleted');
  t.same(readdirSync(join(server.mediaDir, 'in', server.tenant)), []);
});
