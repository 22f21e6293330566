import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { plain, type ConversationRef, type HttpRequest, type InboundEvent } from '../../../core/index.js';
import { testRuntime } from '../../../core/testing/index.js';
import { freePort } from '../../helpers/free-port.js';
import { installedMessenger, type FakeSend } from '../../helpers/messenger-package.js';
import { repoRoot } from '../../helpers/packed-deployment.js';

// Issue 15: the Messenger adapter as its own npm package. Built once for the file (build:types, tsc,
// npm pack, npm install into a deployment); every test below runs the installed package's JavaScript.
const { tarball, deployment, pkg, conformance } = await installedMessenger(t);
const PAGE = '100200300';
const secrets = { pageId: PAGE, pageAccessToken: 'page-token-0123', appSecret: 'app-secret-0123', verifyToken: 'verify-me' };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const context = { tenant: 'esempio', account: 'default', pageId: PAGE, fetchUrl: async () => ({ bytes: PNG }) };
const from = (psid = 'psid-1', timestamp = 1_700_000_000_000) => ({ sender: { id: psid }, recipient: { id: PAGE }, timestamp });
const map = (...messaging: unknown[]) => pkg.fromMessenger(conformance.pageWebhook(PAGE, messaging), context);
const ref: ConversationRef = { tenant: 'esempio', channel: 'messenger', account: 'default', chatId: 'psid-1' };
const hours = (n: number) => new Date(Date.now() - n * 3_600_000);

/** A POST as the server hands it to the route: the raw bytes and the headers. */
function post(raw: string, signature: string | undefined): HttpRequest {
  return { method: 'POST', params: {}, query: {}, headers: signature ? { 'x-hub-signature-256': signature } : {}, rawBody: Buffer.from(raw) };
}

async function withFake(t: Test, overrides: Record<string, unknown> = {}) {
  const fake = await conformance.startFakeMessenger({ pageId: PAGE, pageAccessToken: secrets.pageAccessToken });
  t.teardown(() => fake.close());
  const adapter = new pkg.MessengerAdapter({ ...secrets, tenant: 'esempio', apiRoot: fake.apiRoot, ...overrides });
  return { fake, adapter };
}

t.test('the package: built against the emitted declarations, packed with dist and README only', async (t) => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  t.ok(files.includes('package/dist/index.js') && files.includes('package/dist/index.d.ts'), 'the compiled entry and its declarations');
  t.ok(files.includes('package/dist/conformance.js'), 'the ./conformance entry');
  t.ok(files.includes('package/README.md'), 'the README');
  t.notOk(files.some((f) => f.startsWith('package/src/')), 'no TypeScript sources');
  const factory = pkg.default;
  t.equal(factory.channel, 'messenger');
  const schema = factory.accountSchema as unknown as { properties: Record<string, { writeOnly?: boolean }>; required: string[] };
  t.same(Object.keys(schema.properties).filter((k) => schema.properties[k]!.writeOnly).sort(), ['appSecret', 'pageAccessToken', 'verifyToken'], 'secrets are write-only');
  t.same(schema.required.sort(), ['appSecret', 'pageAccessToken', 'pageId', 'verifyToken']);
  const factoryContext = { env: {}, defaultTenant: { slug: 'esempio', name: 'Esempio' } } as Parameters<typeof factory.fromEnv>[1];
  t.equal(factory.fromEnv({}, factoryContext), undefined, 'no MESSENGER_* → no adapter');
  t.throws(() => factory.fromEnv({ MESSENGER_PAGE_ID: PAGE }, factoryContext), /"pageAccessToken" is missing: set MESSENGER_PAGE_TOKEN/, 'partial configuration names the variable');
  const bound = factory.fromEnv({ MESSENGER_PAGE_ID: PAGE, MESSENGER_PAGE_TOKEN: 'x', MESSENGER_APP_SECRET: 'y', MESSENGER_VERIFY_TOKEN: 'z' }, factoryContext)!;
  t.equal(factory.identityKey(bound.adapter), PAGE, 'the identity is the page id');
  t.equal(bound.adapter.routes?.[0]?.path, '/webhooks/messenger/esempio');
  const account = factory.fromAccount!({ tenant: 'altro', name: 'seconda', config: { pageId: '42', pageAccessToken: 'x', appSecret: 'y', verifyToken: 'z' } }, factoryContext);
  t.equal(account.routes?.[0]?.path, '/webhooks/messenger/altro/seconda');
});

t.test('fromMessenger: texts, commands, buttons, media, location, deep links, opt-outs', async (t) => {
  t.match(map({ ...from(), message: { mid: 'm1', text: 'ciao' } }), [{ type: 'message', kind: 'text', id: 'm1', text: 'ciao', ref: { channel: 'messenger', chatId: 'psid-1' } }]);
  t.match(map({ ...from(), message: { mid: 'm2', text: '/categorie' } }), [{ kind: 'command', command: 'categorie' }]);
  t.match(map({ ...from(), message: { mid: 'm3', text: 'Eventi', quick_reply: { payload: 'base:toggle:1' } } }), [{ kind: 'button', payload: 'base:toggle:1', id: 'm3' }]);
  t.match(map({ ...from(), postback: { mid: 'p1', title: 'Sì', payload: 'x:yes' } }), [{ kind: 'button', payload: 'x:yes', id: 'p1' }]);
  t.match(map({ ...from(), postback: { title: 'Inizia', payload: pkg.GET_STARTED_PAYLOAD } }), [{ kind: 'command', command: 'start', argument: '' }], 'Get Started → /start');
  t.match(map({ ...from(), postback: { title: 'Inizia', payload: pkg.GET_STARTED_PAYLOAD, referral: { ref: 'cat_eventi', source: 'SHORTLINK', type: 'OPEN_THREAD' } } }),
    [{ kind: 'command', command: 'start', argument: 'cat_eventi' }], 'Get Started from m.me/<page>?ref=cat_eventi → /start cat_eventi');
  t.match(map({ ...from(), referral: { ref: 'cat_mobilita', source: 'SHORTLINK', type: 'OPEN_THREAD' } }), [{ kind: 'command', command: 'start', argument: 'cat_mobilita' }], 'a referral in an open conversation');
  t.match(map({ ...from(), referral: { ref: 'not a payload!', source: 'SHORTLINK' } }), [{ kind: 'command', command: 'start', argument: '' }], 'a ref breaking the payload rule is dropped');
  t.equal(pkg.messengerLink('ComuneEsempio', 'cat_eventi'), 'https://m.me/ComuneEsempio?ref=cat_eventi');
  t.throws(() => pkg.messengerLink('ComuneEsempio', 'a b'), /1–64 characters of A-Z a-z 0-9 _ -/);

  const files = ['image', 'video', 'audio', 'file'].map((type, i) => ({ type, payload: { url: `https://cdn.example/${i}/f.${['png', 'mp4', 'mp3', 'pdf'][i]}` } }));
  const media = map({ ...from(), message: { mid: 'm4', attachments: files } });
  t.same(media.map((e) => (e.type === 'message' && e.kind === 'media' ? [e.media.kind, e.media.mimeType] : e.kind)),
    [['photo', 'image/png'], ['video', 'video/mp4'], ['audio', 'audio/mpeg'], ['document', 'application/pdf']], 'one media event per attachment');
  t.same(media.map((e) => e.id), ['m4', 'm4:1', 'm4:2', 'm4:3'], 'each with its own id');
  t.match(map({ ...from(), message: { mid: 'm5', attachments: [{ type: 'location', payload: { coordinates: { lat: 46.07, long: 11.12 } } }] } }), [{ kind: 'location', latitude: 46.07, longitude: 11.12 }]);
  t.match(map({ ...from(), optout: { type: 'messaging_optouts' } }), [{ type: 'event', kind: 'recipient-blocked', ref: { chatId: 'psid-1' } }], 'an opt-out deactivates the identity');
  t.match(map({ ...from(), optin: { type: 'notification_messages', notification_messages_status: 'STOP_NOTIFICATIONS' } }), [{ type: 'event', kind: 'recipient-blocked' }]);
  t.same(map({ ...from(), message: { mid: 'm6', text: 'echo', is_echo: true } }), [], 'echoes of the page are dropped');
  t.same(pkg.fromMessenger({ object: 'page', entry: [{ id: 'another-page', messaging: [{ ...from(), message: { mid: 'm7', text: 'x' } }] }] }, context), [], 'another page is not ours');
});

t.test('toMessenger: 2000-character parts, a button template, quick replies, the numbered list', async (t) => {
  const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `Scelta ${i + 1}`, payload: `x:${i + 1}` }));
  const long = pkg.toMessenger({ text: plain('parola '.repeat(700)) });
  t.equal(long.length, 3, '4900 characters → 3 messages');
  t.ok(long.every((p) => p.kind === 'message' && String(p.message?.text).length <= 2000), 'each within 2000');
  t.match(pkg.toMessenger({ text: plain('Scegli'), choices: choices(3) }), [{ message: { attachment: { type: 'template', payload: { template_type: 'button', text: 'Scegli', buttons: [{ type: 'postback', payload: 'x:1' }, {}, {}] } } } }], '≤ 3 → button template');
  const quick = pkg.toMessenger({ text: plain('Scegli'), choices: choices(13) });
  t.equal((quick[0]!.message as { quick_replies: unknown[] }).quick_replies.length, 13, '≤ 13 → quick replies');
  const numbered = pkg.toMessenger({ text: plain('Scegli'), choices: choices(14) });
  t.notOk('quick_replies' in (numbered[0]!.message as object), 'beyond 13 → no buttons');
  t.match(String((numbered[0]!.message as { text: string }).text), /1\. Scelta 1\n[\s\S]*14\. Scelta 14/, 'a numbered list');
  const withFile = pkg.toMessenger({ text: plain('Il bando'), attachment: { kind: 'document', media: { id: 'h', mimeType: 'application/pdf', size: 10, fileName: 'bando.pdf', read: async () => PNG } } });
  t.match(withFile, [{ kind: 'attachment' }, { kind: 'message', message: { text: 'Il bando' } }], 'the file, then its text (no captions on Messenger)');
});

t.test('webhook: handshake, and X-Hub-Signature-256 on the raw body (bad → 401, nothing delivered)', async (t) => {
  const adapter = new pkg.MessengerAdapter({ ...secrets, tenant: 'esempio', apiRoot: 'http://127.0.0.1:1' });
  const get = (query: Record<string, string>) => adapter.verifyHandshake({ method: 'GET', params: {}, query, headers: {}, rawBody: new Uint8Array() });
  t.match(get({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' }).response, { status: 200, body: '1158201444' }, 'the challenge is echoed');
  t.equal(get({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' }).response.status, 403, 'a wrong verify token is refused');
  t.equal(get({ 'hub.verify_token': 'verify-me', 'hub.challenge': '1' }).response.status, 403, 'no hub.mode is refused');

  const runtime = testRuntime();
  await adapter.start!(runtime);
  const raw = JSON.stringify(conformance.pageWebhook(PAGE, [{ ...from(), message: { mid: 'm1', text: 'ciao' } }]));
  for (const [what, signature] of [['no signature', undefined], ['a wrong secret', pkg.signBody(raw, 'another-secret')], ['a malformed header', 'sha1=abc']] as const) {
    const receipt = adapter.receive(post(raw, signature));
    t.equal(receipt.response.status, 401, `${what} → 401`);
    t.same(receipt.events, [], 'and no events');
  }
  t.equal(adapter.receive(post(raw.replace('ciao', 'CIAO'), pkg.signBody(raw, secrets.appSecret))).response.status, 401, 'a body altered after signing → 401');
  t.ok(runtime.logged.some((l) => l.level === 'warn' && /invalid X-Hub-Signature-256/.test(l.msg ?? '')), 'refusals are logged');
  t.notOk(JSON.stringify(runtime.logged).includes(secrets.appSecret), 'without the secret');
  const ok = adapter.receive(post(raw, pkg.signBody(raw, secrets.appSecret)));
  t.equal(ok.response.status, 200);
  t.match(ok.events, [{ kind: 'text', text: 'ciao' }]);
});

t.test('inbound attachments are copied into the media store as the webhook arrives', async (t) => {
  const { fake, adapter } = await withFake(t);
  const runtime = testRuntime();
  await adapter.start!(runtime);
  const url = fake.addInboundMedia(PNG, 'image/png', 'buca.png');
  const raw = JSON.stringify(conformance.pageWebhook(PAGE, [{ ...from(), message: { mid: 'm1', attachments: [{ type: 'image', payload: { url } }] } }]));
  const [event] = adapter.receive(post(raw, pkg.signBody(raw, secrets.appSecret))).events as InboundEvent[];
  t.match(event, { kind: 'media', media: { kind: 'photo', mimeType: 'image/png' } });
  await t.resolves(async () => {
    for (let i = 0; i < 50 && runtime.kept.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  });
  t.equal(runtime.kept.length, 1, 'keepInbound was called without waiting for a module');
  t.same(Buffer.from(runtime.kept[0]!.bytes), PNG, 'with the bytes from the CDN');
  if (event?.type === 'message' && event.kind === 'media') t.same(Buffer.from(await event.media.fetch()), PNG, 'the event reads the copy');
});

t.test('the 24-hour window: never a free-form message outside it', async (t) => {
  const { fake, adapter } = await withFake(t);
  const notice = { text: plain('Protezione civile: allerta meteo arancione.') };
  t.equal(pkg.permittedTag(notice), undefined, 'a civic notice fits no permitted message tag');
  t.same(await adapter.send(ref, notice, undefined, { lastInboundAt: hours(25) }), { status: 'window-closed' }, 'last message 25 h ago → window-closed');
  t.same(await adapter.send(ref, notice, undefined, { lastInboundAt: null }), { status: 'window-closed' }, 'never wrote → window-closed');
  t.same(fake.sent, [], 'and nothing reached Meta');
  t.match(await adapter.send(ref, notice, undefined, { lastInboundAt: hours(23) }), { status: 'delivered' }, 'inside 24 h → delivered');
  t.match(fake.sent, [{ recipient: 'psid-1', messagingType: 'RESPONSE', message: { text: /allerta/ } }], 'as a RESPONSE, no tag');
  fake.refuseNext('psid-1', conformance.FAKE_REFUSALS['window-closed']);
  t.same(await adapter.send(ref, notice), { status: 'window-closed' }, 'unknown to the caller: Meta refuses with 10/2018278 → window-closed');
});

t.test('Send API errors → the closed set of results', async (t) => {
  const { fake, adapter } = await withFake(t);
  const cases: [string, { code: number; subcode?: number; status?: number }, RegExp | object][] = [
    ['613', { code: 613 }, { status: 'rate-limited', scope: 'account' }],
    ['HTTP 429', { code: 4, status: 429 }, { status: 'rate-limited' }],
    ['551 person unavailable', { code: 551 }, { status: 'recipient-gone' }],
    ['10 + 2018278', { code: 10, subcode: 2018278 }, { status: 'window-closed' }],
    ['10 without the subcode', { code: 10 }, { status: 'permanent' }],
    ['190 bad token', { code: 190, status: 401 }, { status: 'permanent', reason: /MESSENGER_PAGE_TOKEN/ }],
    ['5xx', { code: 1200, status: 503 }, { status: 'transient' }],
  ];
  for (const [what, refusal, expected] of cases) {
    fake.refuseNext('psid-1', refusal);
    t.match(await adapter.send(ref, { text: plain('x') }, undefined, { lastInboundAt: new Date() }), expected, what);
  }
  const wrongToken = new pkg.MessengerAdapter({ ...secrets, pageAccessToken: 'not-the-token', tenant: 'esempio', apiRoot: fake.apiRoot });
  const refused = await wrongToken.send(ref, { text: plain('x') }, undefined, { lastInboundAt: new Date() });
  t.match(refused, { status: 'permanent' }, 'the fake checks the token');
  t.notOk(JSON.stringify(refused).includes('not-the-token'), 'the token is not in the reason');
  t.match(await new pkg.MessengerAdapter({ ...secrets, tenant: 'esempio', apiRoot: 'http://127.0.0.1:1' }).send(ref, { text: plain('x') }), { status: 'transient' }, 'Meta unreachable → transient');
});

t.test('attachments: size- and type-checked first, uploaded once per file', async (t) => {
  const { fake, adapter } = await withFake(t);
  const image = (size: number) => ({ kind: 'image' as const, media: { id: `png-${size}`, mimeType: 'image/png', size, fileName: 'a.png', read: async () => PNG } });
  t.match(await adapter.send(ref, { attachment: image(8 * 1024 * 1024 + 1) }, undefined, { lastInboundAt: new Date() }), { status: 'permanent', reason: /up to 8388608 bytes/ }, 'one byte over 8 MB → permanent');
  t.match(await adapter.send(ref, { attachment: { ...image(10), media: { ...image(10).media, mimeType: 'image/tiff' } } }, undefined, { lastInboundAt: new Date() }), { status: 'permanent' }, 'a type Messenger does not show → permanent');
  t.same([fake.uploads.length, fake.sent.length], [0, 0], 'nothing uploaded or sent');
  for (let i = 0; i < 2; i++) t.match(await adapter.send(ref, { attachment: image(PNG.length) }, undefined, { lastInboundAt: new Date() }), { status: 'delivered' });
  t.equal(fake.uploads.length, 1, 'the second send reuses the attachment id');
  t.match(fake.sent, [{ message: { attachment: { type: 'image', payload: { attachment_id: fake.uploads[0]!.id } } } }, {}]);
});

t.test('the conformance kit passes on the installed package, through its ./conformance export', async (t) => {
  await conformance.runMessengerConformance(t);
});

t.test('a deployment with the installed package: Get Started → categories, a deep link, a notice', async (t) => {
  const fake = await conformance.startFakeMessenger({ pageId: PAGE, pageAccessToken: secrets.pageAccessToken });
  t.teardown(() => fake.close());
  writeFileSync(join(deployment, 'campanile.config.json'), JSON.stringify({ adapters: ['webchat', '@campanile/adapter-messenger'] }));
  const admin = { email: 'root@comune.example', password: 'una passphrase lunga abbastanza' };
  const port = await freePort();
  // `npm start` in the deployment directory, on SQLite (server.ts resolves the package from its cwd).
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(repoRoot, 'admin-api/server.ts')], {
    cwd: deployment,
    env: {
      ...process.env, CAMPANILE_ADAPTERS: undefined, CAMPANILE_MODULES: undefined, CAMPANILE_CONFIG: undefined, DATABASE_URL: '',
      PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: join(deployment, 'data'),
      MESSENGER_PAGE_ID: PAGE, MESSENGER_PAGE_TOKEN: secrets.pageAccessToken, MESSENGER_APP_SECRET: secrets.appSecret,
      MESSENGER_VERIFY_TOKEN: secrets.verifyToken, MESSENGER_API_ROOT: fake.apiRoot,
      CAMPANILE_ADMIN_EMAIL: admin.email, CAMPANILE_ADMIN_PASSWORD: admin.password,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.teardown(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exit;
  });
  const running = await new Promise<boolean>((resolve) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Campanile is running')) resolve(true);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exit.then(() => resolve(false));
  });
  t.ok(running, `Campanile started with the installed package${running ? '' : `\n${output}`}`);
  if (!running) return;
  t.match(output, /"adapters":\["webchat","@campanile\/adapter-messenger"\]/, 'the log names the package from campanile.config.json');
  t.notOk(output.includes(secrets.pageAccessToken) || output.includes(secrets.appSecret), 'no secret in the log');

  const base = `http://127.0.0.1:${port}`;
  const hook = `${base}/webhooks/messenger/esempio`;
  const challenge = await fetch(`${hook}?hub.mode=subscribe&hub.verify_token=${secrets.verifyToken}&hub.challenge=4242`);
  t.equal(await challenge.text(), '4242', 'the handshake answers over HTTP');
  const webhook = (item: object, secret = secrets.appSecret) => {
    const raw = JSON.stringify(conformance.pageWebhook(PAGE, [{ recipient: { id: PAGE }, timestamp: Date.now(), ...item }]));
    return fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': pkg.signBody(raw, secret) }, body: raw });
  };
  /** The next send matching, waiting up to 20 s. */
  const next = async (match: (s: FakeSend) => boolean, what: string): Promise<FakeSend> => {
    for (let i = 0; i < 400; i++) {
      const found = fake.sent.find(match);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no send matched ${what}; got ${JSON.stringify(fake.sent.map((s) => s.message))}`);
  };
  const text = (s: FakeSend) => JSON.stringify(s.message);

  t.equal((await webhook({ sender: { id: 'psid-1' }, postback: { title: 'Inizia', payload: pkg.GET_STARTED_PAYLOAD } }, 'a-forged-secret')).status, 401, 'a forged webhook → 401');
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.same(fake.sent, [], 'and nobody was written to');

  t.equal((await webhook({ sender: { id: 'psid-1' }, postback: { title: 'Inizia', payload: pkg.GET_STARTED_PAYLOAD } })).status, 200, 'Get Started is accepted');
  const menu = await next((s) => s.recipient === 'psid-1' && /Mobilit/.test(text(s)) && 'quick_replies' in s.message, 'the categories as quick replies');
  const choices = (menu.message as { quick_replies: { title: string; payload: string }[] }).quick_replies;
  t.ok(choices.length >= 7 && choices.length <= 13, `the default categories as ${choices.length} quick replies`);
  const mobility = choices.find((c) => /Mobilit/.test(c.title))!;
  t.equal((await webhook({ sender: { id: 'psid-1' }, message: { mid: 'm_dep1', text: mobility.title, quick_reply: { payload: mobility.payload } } })).status, 200, 'a quick reply is accepted');
  await next((s) => s.recipient === 'psid-1' && /Iscrizione a Mobilit.* attivata/.test(text(s)), 'the subscription confirmed');

  // m.me/<page>?ref=cat_mobilita: the same deep-link payload as Telegram's, straight to the category.
  t.equal((await webhook({ sender: { id: 'psid-2' }, postback: { title: 'Inizia', payload: pkg.GET_STARTED_PAYLOAD, referral: { ref: 'cat_mobilita', source: 'SHORTLINK', type: 'OPEN_THREAD' } } })).status, 200, 'Get Started from m.me/<page>?ref=cat_mobilita is accepted');
  await next((s) => s.recipient === 'psid-2' && /iscritto alla categoria Mobilit/.test(text(s)), 'the deep link subscribes psid-2');

  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}`, 'content-type': 'application/json' };
  const categories = (await (await fetch(`${base}/api/v1/tenants/esempio/categories`, { headers: auth })).json()) as { id: number; key: string }[];
  const created = await fetch(`${base}/api/v1/tenants/esempio/notices`, {
    method: 'POST', headers: auth, body: JSON.stringify({ title: 'Strada chiusa', text: 'Via Roma è chiusa dalle 8 alle 18.', categoryId: categories.find((c) => c.key === 'mobilita')!.id }),
  });
  t.equal(created.status, 201, 'the notice is created');
  const sent = await fetch(`${base}/api/v1/tenants/esempio/notices/${((await created.json()) as { id: number }).id}/send`, { method: 'POST', headers: { authorization: auth.authorization } });
  t.ok(sent.ok, `the notice is sent (${sent.status})`);
  for (const psid of ['psid-1', 'psid-2']) {
    const notice = await next((s) => s.recipient === psid && /Via Roma/.test(text(s)), `the notice to ${psid}`);
    t.equal(notice.messagingType, 'RESPONSE', `the notice reaches ${psid} inside the window, without a tag`);
  }

  // psid-2 opts out (messaging_optouts): a recipient-blocked event deactivates the identity.
  t.equal((await webhook({ sender: { id: 'psid-2' }, optout: { type: 'messaging_optouts' } })).status, 200, 'the opt-out is accepted');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const second = await fetch(`${base}/api/v1/tenants/esempio/notices`, {
    method: 'POST', headers: auth, body: JSON.stringify({ title: 'Parcheggio', text: 'Piazza Duomo riapre domani.', categoryId: categories.find((c) => c.key === 'mobilita')!.id }),
  });
  const id = ((await second.json()) as { id: number }).id;
  t.ok((await fetch(`${base}/api/v1/tenants/esempio/notices/${id}/send`, { method: 'POST', headers: { authorization: auth.authorization } })).ok, 'a second notice is sent');
  await next((s) => s.recipient === 'psid-1' && /Piazza Duomo/.test(text(s)), 'the second notice to psid-1');
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.notOk(fake.sent.some((s) => s.recipient === 'psid-2' && /Piazza Duomo/.test(text(s))), 'and not to psid-2, who opted out');
});
