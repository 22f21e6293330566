import t, { type Test } from 'tap';
import { BotFrameworkAdapter, type BotFrameworkActivity } from '../../../adapters/botframework/index.js';
import type { HttpRequest } from '../../../core/index.js';
import { testRuntime } from '../../../core/testing/index.js';
import { FakeBotConnector, type TokenClaims } from '../../fakes/botframework/fake-bot-connector.js';

const APP = { appId: '00000000-0000-0000-0000-0000000000a1', appPassword: 'pw-of-the-app' };

async function setup(t: Test) {
  const fake = await FakeBotConnector.start(t, APP);
  const adapter = new BotFrameworkAdapter({ ...APP, tenant: 'esempio', openIdMetadataUrl: fake.openIdMetadataUrl, tokenUrl: fake.tokenUrl });
  const runtime = testRuntime();
  await adapter.start(runtime);
  const post = (activity: BotFrameworkActivity, authorization?: string) => {
    const request: HttpRequest = {
      method: 'POST', params: { tenant: 'esempio' }, query: {},
      headers: authorization === undefined ? {} : { authorization }, rawBody: Buffer.from(JSON.stringify(activity)),
    };
    return adapter.routes[0]!.handle(request);
  };
  const bearer = (claims?: TokenClaims) => `Bearer ${fake.sign(claims)}`;
  return { fake, adapter, runtime, post, bearer };
}

t.test('a message with a valid connector token is delivered and its conversation reference stored', async (t) => {
  const { fake, post, bearer, runtime } = await setup(t);
  const activity = fake.activity('a:conv-1', '29:user-1', { text: 'ciao' });
  const receipt = await post(activity, bearer());
  t.equal(receipt.response.status, 200);
  t.match(receipt.events, [{ kind: 'text', text: 'ciao', ref: { channel: 'botframework', chatId: 'a:conv-1', extra: { serviceUrl: fake.serviceUrl } } }]);
  t.match(await runtime.storage.read('ref:a:conv-1'), { serviceUrl: fake.serviceUrl, conversationId: 'a:conv-1', userId: '29:user-1', botId: `28:${APP.appId}`, channelId: 'msteams' });
  // The keys are cached: a second request reads no metadata.
  const reads = fake.metadataReads;
  t.equal((await post(fake.activity('a:conv-1', '29:user-1', { text: 'ancora' }), bearer())).response.status, 200);
  t.equal(fake.metadataReads, reads, 'OpenID metadata and keys cached');
  // The connector moved the conversation to another region: the newest serviceUrl is kept.
  const moved = 'https://smba.trafficmanager.net/emea/';
  t.equal((await post(fake.activity('a:conv-1', '29:user-1', { text: 'di nuovo', serviceUrl: moved }), bearer({ serviceurl: moved }))).response.status, 200);
  t.match(await runtime.storage.read('ref:a:conv-1'), { serviceUrl: moved });
});

t.test('a photo and a Teams file card are copied into the media store at once: the connector\'s URL with the bot token, the pre-signed one without', async (t) => {
  const { fake, post, bearer, runtime } = await setup(t);
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const pdf = Buffer.from('%PDF-1.4 verbale');
  const attachments = [
    { contentType: 'image/png', contentUrl: fake.addFile(png, 'image/png'), name: 'buca.png' },
    { contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'verbale.pdf', content: { downloadUrl: fake.addFile(pdf, 'application/pdf', 'presigned'), fileType: 'pdf' } },
  ];
  const receipt = await post(fake.activity('a:conv-9', '29:user-9', { text: 'guardate', attachments }), bearer());
  t.equal(receipt.response.status, 200);
  t.match(receipt.events, [{ kind: 'media', caption: 'guardate', media: { kind: 'photo' } }, { kind: 'media', media: { kind: 'document', mimeType: 'application/pdf' } }]);
  const media = receipt.events.map((event) => (event.type === 'message' && event.kind === 'media' ? event.media : undefined));
  t.same(Buffer.from(await media[0]!.fetch()), png, 'the photo, read from the copy');
  t.same(Buffer.from(await media[1]!.fetch()), pdf, 'the PDF');
  t.equal(runtime.kept.length, 2, 'both copied without waiting for a module to ask');
  t.same(fake.fileRequests.map((r) => [r.path.split('/')[1], r.withToken]).sort(), [['presigned', false], ['v3', true]], 'the token went to the connector only');
});

t.test('unsigned, forged, expired, not-yet-valid, foreign-audience and wrong-issuer tokens get 401 and deliver nothing', async (t) => {
  const { fake, post, bearer, runtime } = await setup(t);
  const activity = fake.activity('a:conv-2', '29:user-2', { text: 'ciao' });
  const [header, payload] = fake.sign().split('.');
  const cases: [string, string | undefined][] = [
    ['no Authorization header', undefined],
    ['not a bearer token', 'Basic dXNlcjpwdw=='],
    ['unsigned (alg none)', `Bearer ${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`],
    ['signature stripped', `Bearer ${header}.${payload}.`],
    ['signed by a key the JWKS does not list', bearer({ foreignKey: true })],
    ['expired 10 minutes ago', bearer({ expiresIn: -600 })],
    ['not valid for another 10 minutes', bearer({ notBeforeIn: 600 })],
    ['for another bot (audience)', bearer({ aud: 'some-other-app-id' })],
    ['from another issuer', bearer({ iss: 'https://sts.windows.net/evil/' })],
    ['for another serviceUrl', bearer({ serviceurl: 'https://evil.example/' })],
  ];
  for (const [name, authorization] of cases) {
    const receipt = await post(activity, authorization);
    t.equal(receipt.response.status, 401, name);
    t.same(receipt.events, [], `${name}: nothing delivered`);
  }
  t.equal(await runtime.storage.read('ref:a:conv-2'), undefined, 'no reference stored from a refused request');
  t.ok(runtime.logged.some((entry) => entry.level === 'warn' && /refused/.test(entry.msg ?? '')), 'refusals are logged');
  t.notOk(JSON.stringify(runtime.logged).includes('eyJ'), 'no token in the log');
});

t.test('a channel the signing key is not endorsed for is refused', async (t) => {
  const { fake, post, bearer } = await setup(t);
  const receipt = await post(fake.activity('a:conv-3', '29:user-3', { text: 'ciao', channelId: 'slack' }), bearer());
  t.equal(receipt.response.status, 401);
});

t.test('a webhook for another tenant gets 404', async (t) => {
  const { fake, adapter, bearer } = await setup(t);
  const receipt = await adapter.routes[0]!.handle({
    method: 'POST', params: { tenant: 'altro' }, query: {}, headers: { authorization: bearer() }, rawBody: Buffer.from(JSON.stringify(fake.activity('c', 'u'))),
  });
  t.equal(receipt.response.status, 404);
});

t.test('emulator mode: no app id, asked for explicitly, accepts unauthenticated Activities and sends without a token', async (t) => {
  t.throws(() => new BotFrameworkAdapter({}), /BOTFRAMEWORK_APP_ID, or BOTFRAMEWORK_EMULATOR=1/, 'no app id and no emulator flag: refused');
  t.throws(() => new BotFrameworkAdapter({ appId: 'x' }), /BOTFRAMEWORK_APP_PASSWORD/);
  const adapter = new BotFrameworkAdapter({ emulator: true, tenant: 'esempio' });
  t.equal(adapter.emulator, true);
  const runtime = testRuntime();
  await adapter.start(runtime);
  t.ok(runtime.logged.some((entry) => entry.level === 'warn' && /NOT authenticated/.test(entry.msg ?? '')), 'the start warns');
  const activity: BotFrameworkActivity = {
    type: 'message', id: 'e1', channelId: 'emulator', serviceUrl: 'http://localhost:1', text: 'ciao',
    from: { id: 'user-e', name: 'User' }, recipient: { id: 'bot-e', name: 'Bot' }, conversation: { id: 'conv-e', isGroup: false, conversationType: 'personal', name: '' },
  } as BotFrameworkActivity;
  const receipt = await adapter.routes[0]!.handle({ method: 'POST', params: { tenant: 'esempio' }, query: {}, headers: {}, rawBody: Buffer.from(JSON.stringify(activity)) });
  t.equal(receipt.response.status, 200);
  t.match(receipt.events, [{ kind: 'text', text: 'ciao' }]);
});
