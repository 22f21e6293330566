import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { WhatsAppAdapter } from '../../../adapters/whatsapp/index.js';
import app from '../../../admin-api/app.js';
import { Category, ChannelIdentity, MessageLog, ProcessedEvent, Subscription, type ChannelEvent } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { FakeGraphApi } from '../../fakes/whatsapp/fake-graph-api.js';
import { payload, signedHeaders } from '../../fakes/whatsapp/webhooks.js';

const secrets = { token: 'test-token', phoneNumberId: '106540352242922', appSecret: 'app-secret', verifyToken: 'verify-me' };

/** The real app (engine, storage, modules) with WhatsApp against the fake, behind the real HTTP plugin. */
async function whatsappApp(t: Test) {
  const graph = await FakeGraphApi.start(t, { token: secrets.token, phoneNumberId: secrets.phoneNumberId });
  const whatsapp = new WhatsAppAdapter({ ...secrets, apiRoot: graph.apiRoot });
  const built = await buildApp(t, { adapters: [{ adapter: whatsapp }] });
  const fastify = Fastify();
  await fastify.register(app, { campanile: built.app });
  t.teardown(() => fastify.close());
  const url = `/webhooks/whatsapp/${built.tenant}`;
  /** POSTs a body as Meta would (signed), then waits until the engine has handled its events. */
  const post = async (body: Record<string, unknown> | string, headers?: Record<string, string>) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fastify.inject({ method: 'POST', url, payload: raw, headers: headers ?? signedHeaders(raw, secrets.appSecret) });
    await built.app.engine.drain();
    return response;
  };
  const em = () => built.app.services.tenants.scopedEm(built.app.defaultTenant.id);
  return { ...built, graph, whatsapp, fastify, url, post, em };
}

t.test('verification handshake: right token echoes the challenge, wrong token is 403', async (t) => {
  const { fastify, url } = await whatsappApp(t);
  const ok = await fastify.inject({ method: 'GET', url: `${url}?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444` });
  t.equal(ok.statusCode, 200);
  t.equal(ok.body, '1158201444');
  const wrong = await fastify.inject({ method: 'GET', url: `${url}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444` });
  t.equal(wrong.statusCode, 403);
  t.notMatch(wrong.body, /1158201444/);
  const mode = await fastify.inject({ method: 'GET', url: `${url}?hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1` });
  t.equal(mode.statusCode, 403);
  const otherTenant = await fastify.inject({ method: 'GET', url: `/webhooks/whatsapp/altro?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1` });
  t.equal(otherTenant.statusCode, 200, 'an adapter not bound to a tenant serves the tenant in the URL');
});

t.test('POST with a missing, wrong or stale signature, or an altered body → 401 and nothing stored', async (t) => {
  const { post, em, graph } = await whatsappApp(t);
  const raw = JSON.stringify(payload('text-command', (m) => { m.text.body = '/start'; }));
  const signed = signedHeaders(raw, secrets.appSecret);
  const attempts: [string, Record<string, string>, string][] = [
    ['missing', { 'content-type': 'application/json' }, raw],
    ['wrong secret', signedHeaders(raw, 'not-the-secret'), raw],
    ['garbage', { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=zz' }, raw],
    ['altered after signing', signed, raw.replace('/start', '/stop')],
  ];
  for (const [what, headers, body] of attempts) {
    const response = await post(body, headers);
    t.equal(response.statusCode, 401, what);
  }
  t.equal(await em().count(ProcessedEvent, {}), 0, 'no event processed');
  t.equal(await em().count(ChannelIdentity, {}), 0, 'no person created');
  t.equal(await em().count(MessageLog, {}), 0, 'nothing logged');
  t.equal(graph.sent.length, 0, 'nothing answered');
});

t.test('a replayed message id is processed once', async (t) => {
  const { post, em, graph } = await whatsappApp(t);
  const body = payload('text-command', (m) => { m.text.body = '/start'; });
  const first = await post(body);
  t.equal(first.statusCode, 200);
  const answered = graph.sent.length;
  t.ok(answered > 0, 'the first delivery is answered');
  const again = await post(body);
  t.equal(again.statusCode, 200, 'a redelivery is acknowledged');
  t.equal(graph.sent.length, answered, 'but not answered twice');
  t.equal(await em().count(ProcessedEvent, {}), 1);
  t.equal(await em().count(MessageLog, { direction: 'in' }), 1);
});

t.test('a citizen onboards with list and button menus, end to end', async (t) => {
  const { post, em, graph } = await whatsappApp(t);
  const start = await post(payload('text-command', (m) => { m.text.body = '/start'; m.id = 'wamid.start'; }));
  t.equal(start.statusCode, 200);
  // The comune speaks it,en: the welcome carries the language buttons, so it is interactive.
  const welcome = graph.sent[0];
  t.match(JSON.stringify(welcome?.body), /\*Comune di Esempio\*|Comune di Esempio/, 'the welcome names the comune');
  const menu = graph.sent.at(-1);
  t.equal(menu?.recipient, 'IT.13491208655302741918', 'answered on the BSUID');
  const interactive = menu?.body.interactive as { type: string; action: { sections: { rows: { id: string; title: string }[] }[] } };
  t.equal(interactive.type, 'list', '7 categories + done → a list');
  const rows = interactive.action.sections[0]?.rows ?? [];
  t.equal(rows.length, 8);
  const identity = await em().findOneOrFail(ChannelIdentity, { channel: 'whatsapp' });
  t.equal(identity.externalId, 'IT.13491208655302741918', 'the identity is keyed on the BSUID');
  t.notMatch(JSON.stringify(identity.address), /393331234567/, 'no phone number stored');
  t.ok(identity.lastInboundAt, 'the window clock is set');

  const civil = await em().findOneOrFail(Category, { key: 'protezione-civile' });
  const row = rows.find((r) => r.id === `base:toggle:${civil.id}`);
  t.ok(row, 'the row id is the choice payload');
  await post(payload('list-reply', (m) => { m.id = 'wamid.pick'; m.interactive.list_reply = { id: row?.id, title: row?.title }; }));
  t.equal(await em().count(Subscription, {}), 1, 'subscribed');
  t.match(JSON.stringify(graph.sent.at(-1)?.body), /Protezione civile/);

  const done = await em().findOneOrFail(Category, { key: 'eventi' });
  await post(payload('button-reply', (m) => { m.id = 'wamid.toggle2'; m.interactive = { type: 'button_reply', button_reply: { id: `base:toggle:${done.id}`, title: 'Eventi' } }; }));
  await post(payload('button-reply', (m) => { m.id = 'wamid.done'; m.interactive = { type: 'button_reply', button_reply: { id: 'base:done', title: 'Fatto' } }; }));
  t.match(JSON.stringify(graph.sent.map((s) => s.body)), /Eventi, Protezione civile|Protezione civile, Eventi/, 'the summary lists both');
  t.equal(await em().count(Subscription, {}), 2);
  for (const sent of graph.sent) t.notOk(sent.to, `${sent.type} went to the BSUID`);
});

t.test('unsupported content gets the polite answer', async (t) => {
  const { post, graph } = await whatsappApp(t);
  await post(payload('unsupported'));
  // A new number: the welcome comes first, then the polite answer, then the category choice.
  t.match(JSON.stringify(graph.sent.map((s) => s.body)), /Non posso ancora ricevere questo tipo di contenuto/);
});

t.test('status callbacks reach the engine as delivery-status events', async (t) => {
  const { post, app } = await whatsappApp(t);
  const seen: ChannelEvent[] = [];
  app.engine.events.on('channel-event', (event) => seen.push(event));
  for (const name of ['status-read', 'status-sent', 'status-delivered', 'status-failed-131047'] as const) await post(payload(name));
  t.same(seen.map((e) => (e.kind === 'delivery-status' ? e.status : e.kind)), ['read', 'sent', 'delivered', 'failed']);
  t.match(seen[3], { reason: 'window-closed', messageId: 'wamid.HBgLMzkzMzMxMjM0NTY3FQIAERgSOUEzQ0E1QjNENENENkUzOTcA' });
});

t.test('inbound media is downloaded through the fake when a module asks', async (t) => {
  const { post, graph, whatsapp } = await whatsappApp(t);
  const mediaId = graph.addInboundMedia(new Uint8Array([5, 6, 7]), 'image/jpeg');
  const response = await post(payload('image', (m) => { m.image.id = mediaId; }));
  t.equal(response.statusCode, 200);
  t.same([...(await whatsapp.api.downloadMedia(mediaId)).bytes], [5, 6, 7]);
});
