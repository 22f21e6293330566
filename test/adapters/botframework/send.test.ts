import t, { type Test } from 'tap';
import { BotFrameworkAdapter, type BotFrameworkActivity } from '../../../adapters/botframework/index.js';
import { plain, type ConversationRef, type HttpRequest } from '../../../core/index.js';
import { testRuntime } from '../../../core/testing/index.js';
import { FakeBotConnector } from '../../fakes/botframework/fake-bot-connector.js';

const APP = { appId: 'app-send-1', appPassword: 'pw-send' };

/** An adapter against the fake, with one conversation the person opened (so its reference is stored). */
async function setup(t: Test, password = APP.appPassword) {
  const fake = await FakeBotConnector.start(t, APP);
  const adapter = new BotFrameworkAdapter({ appId: APP.appId, appPassword: password, tenant: 'esempio', openIdMetadataUrl: fake.openIdMetadataUrl, tokenUrl: fake.tokenUrl });
  await adapter.start(testRuntime());
  const activity: BotFrameworkActivity = fake.activity('a:conv-s', '29:user-s', { text: 'ciao' });
  const request: HttpRequest = { method: 'POST', params: { tenant: 'esempio' }, query: {}, headers: { authorization: `Bearer ${fake.sign()}` }, rawBody: Buffer.from(JSON.stringify(activity)) };
  const [event] = (await adapter.routes[0]!.handle(request)).events;
  const ref = event!.ref as ConversationRef;
  return { fake, adapter, ref };
}

t.test('a reply goes to the serviceUrl with a bearer token, fetched once and reused', async (t) => {
  const { fake, adapter, ref } = await setup(t);
  t.same(await adapter.send(ref, { text: plain('Benvenuta') }), { status: 'delivered', messageId: 'sent-1' });
  t.same(await adapter.send(ref, { text: plain('Ancora') }), { status: 'delivered', messageId: 'sent-2' });
  t.equal(fake.issued.length, 1, 'one token for both sends');
  t.match(fake.sent[0], { conversationId: 'a:conv-s', activity: { type: 'message', text: 'Benvenuta', from: { id: `28:${APP.appId}` }, recipient: { id: '29:user-s' }, conversation: { id: 'a:conv-s' } } });
});

t.test('proactive: a chat known only by its ConversationRef (no stored reference) is still reached; an unknown one is permanent', async (t) => {
  const { fake, ref } = await setup(t);
  const fresh = new BotFrameworkAdapter({ ...APP, openIdMetadataUrl: fake.openIdMetadataUrl, tokenUrl: fake.tokenUrl });
  await fresh.start(testRuntime());
  t.match(await fresh.send(ref, { text: plain('Avviso') }), { status: 'delivered' });
  t.match(await fresh.send({ ...ref, chatId: 'nobody', extra: {} }, { text: plain('x') }), { status: 'permanent', reason: /must write to the bot first/ });
});

t.test('refusals become the closed DeliveryResult set', async (t) => {
  const { fake, adapter, ref } = await setup(t);
  const send = () => adapter.send(ref, { text: plain('x') });
  fake.failNext(429, { 'retry-after': '7' });
  t.match(await send(), { status: 'rate-limited', retryAfterMs: 7000 });
  fake.failNext(500);
  t.match(await send(), { status: 'transient' });
  fake.failNext(503);
  t.match(await send(), { status: 'transient' });
  fake.failNext(404, {}, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
  t.same(await send(), { status: 'recipient-gone', reason: 'unknown' });
  fake.failNext(403, {}, { error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } });
  t.same(await send(), { status: 'recipient-gone', reason: 'blocked' });
  fake.failNext(403, {}, { error: { code: 'BotDisabledByAdmin', message: 'The bot is disabled.' } });
  t.match(await send(), { status: 'permanent' });
  fake.failNext(400, {}, { error: { code: 'BadArgument', message: 'Activity too big' } });
  t.match(await send(), { status: 'permanent', reason: /BadArgument/ });
  t.match(await send(), { status: 'delivered' }, 'later sends go through');
});

t.test('a 401 from the connector fetches a new token once; a wrong password is permanent with the fix; unreachable is transient', async (t) => {
  const { fake, adapter, ref } = await setup(t);
  await adapter.send(ref, { text: plain('a') });
  fake.failNext(401, {}, { message: 'Authorization has been denied for this request.' });
  t.match(await adapter.send(ref, { text: plain('b') }), { status: 'delivered' });
  t.equal(fake.issued.length, 2, 'a fresh token after the 401');
  fake.failNext(401);
  fake.failNext(401);
  t.match(await adapter.send(ref, { text: plain('c') }), { status: 'permanent', reason: /check the app id and password/ });

  const wrong = new BotFrameworkAdapter({ appId: APP.appId, appPassword: 'wrong', openIdMetadataUrl: fake.openIdMetadataUrl, tokenUrl: fake.tokenUrl });
  await wrong.start(testRuntime());
  const result = await wrong.send(ref, { text: plain('x') });
  t.match(result, { status: 'permanent', reason: /BOTFRAMEWORK_APP_PASSWORD/ });
  t.notOk(JSON.stringify(result).includes('wrong'), 'the password is not in the reason');

  const offline = { ...ref, chatId: 'offline', extra: { ...ref.extra, serviceUrl: 'http://127.0.0.1:1' } };
  t.match(await adapter.send(offline, { text: plain('x') }), { status: 'transient', reason: /unreachable/ });
});

t.test('media: inline attachment within the declared limit, refused before reading beyond it', async (t) => {
  const { fake, adapter, ref } = await setup(t);
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
  const small = { id: 'img', mimeType: 'image/png', size: png.length, fileName: 'mappa.png', read: async () => png };
  t.match(await adapter.send(ref, { attachment: { kind: 'image', media: small } }), { status: 'delivered' });
  t.match(fake.sent.at(-1)?.activity.attachments, [{ contentType: 'image/png', name: 'mappa.png', contentUrl: `data:image/png;base64,${png.toString('base64')}` }]);
  let read = false;
  const limit = adapter.capabilities.media.document!.maxBytes;
  const big = { id: 'doc', mimeType: 'application/pdf', size: limit + 1, fileName: 'bando.pdf', read: async () => { read = true; return new Uint8Array(limit + 1); } };
  t.match(await adapter.send(ref, { attachment: { kind: 'document', media: big } }), { status: 'permanent', reason: /bando\.pdf.*make it smaller/ });
  t.equal(read, false, 'the file was not read');
});
