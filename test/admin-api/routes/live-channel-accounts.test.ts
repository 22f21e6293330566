import t from 'tap';
import { createLogger } from '../../../core/internal.js';
import { build, expectProblem } from '../../helpers/app.js';
import { createFakeTelegram, startUpdate } from '../../fakes/telegram/index.js';
import { freePort } from '../../helpers/free-port.js';

const TOKEN = '4242:LIVE-TOKEN';
const SECRET = 'live_secret-0123456789';
const silent = createLogger({ level: 'silent' });

t.test('a Telegram account created through the API runs at once; deactivated, its webhook answers 404', async (t) => {
  const fake = await createFakeTelegram({ token: TOKEN, limits: false });
  t.teardown(() => fake.close());
  const port = await freePort();
  const app = await build(t, {
    channelAccounts: { env: { TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: `http://127.0.0.1:${port}` }, log: silent, pollMs: 0 },
  });
  await app.fastify.listen({ port, host: '127.0.0.1' });
  const mayor = await app.injectAs('mayor');
  const base = `/api/v1/tenants/${app.tenant}/channel-accounts`;
  const path = `/webhooks/telegram/${app.tenant}/eventi`;
  expectProblem(t, await app.fastify.inject({ method: 'POST', url: path, payload: '{}' }), 404, 'not-found');

  const created = await mayor({ method: 'POST', url: base, payload: { channel: 'telegram', name: 'eventi', secrets: { token: TOKEN, webhookSecret: SECRET } } });
  t.equal(created.statusCode, 201, created.body);
  t.equal(created.json().running, true, 'the reply says it runs');
  t.equal(fake.stats().calls.setWebhook, 1, 'the webhook was set without a restart');

  const body = JSON.stringify({ update_id: 900, ...startUpdate() });
  const wrong = await app.fastify.inject({ method: 'POST', url: path, payload: body, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'nope' } });
  t.equal(wrong.statusCode, 401, 'the secret is verified');
  // The fake delivers an update to the webhook it was given; the bot answers through the fake Bot API.
  fake.pushUpdate(startUpdate('cat_eventi'));
  await fake.waitFor(() => fake.sentMessages.length > 0);
  t.match(fake.sentMessages[0]?.text, /iscritto alla categoria Eventi/, 'the inbound update got a reply');
  t.ok(app.campanile.adapters.forRef({ tenant: app.tenant, channel: 'telegram', account: 'eventi' }), 'registered');

  const id = created.json().id as number;
  const off = await mayor({ method: 'PATCH', url: `${base}/${id}`, payload: { active: false } });
  t.equal(off.statusCode, 200, off.body);
  t.equal(off.json().running, false);
  t.notOk(off.json().problem, 'inactive is not a problem');
  const gone = await app.fastify.inject({ method: 'POST', url: path, payload: body, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET } });
  expectProblem(t, gone, 404, 'not-found');
  t.match(gone.json().message, /No channel account serves POST/);
  t.equal(app.campanile.adapters.forRef({ tenant: app.tenant, channel: 'telegram', account: 'eventi' }), undefined, 'unregistered and stopped');
  t.equal(fake.stats().calls.deleteWebhook, 1, 'and Telegram was told to stop posting there (deleteWebhook)');

  // Back on with a wrong token: stored, reported, not running.
  const bad = await mayor({ method: 'PATCH', url: `${base}/${id}`, payload: { active: true, secrets: { token: '4242:WRONG' } } });
  t.equal(bad.statusCode, 200, bad.body);
  t.equal(bad.json().running, false);
  t.match(bad.json().problem, /did not start/);
  t.equal((await mayor({ method: 'GET', url: `${base}/${id}` })).json().running, false, 'GET says so too');
  t.notMatch(bad.body, /WRONG|LIVE-TOKEN/, 'no secret in the problem');
  // The right token while Telegram fails: not running; the next sync (the 10 s poll) tries again.
  fake.failNext('setWebhook', 1, { status: 400, description: 'Bad Request: bad webhook: Failed to resolve host' });
  const fixed = await mayor({ method: 'PATCH', url: `${base}/${id}`, payload: { secrets: { token: TOKEN } } });
  t.equal(fixed.json().running, false, fixed.body);
  t.match(fixed.json().problem, /did not start/);
  await app.fastify.channelAccounts!.sync();
  t.same(app.fastify.channelAccounts!.status(id), { running: true }, 'a start that failed is tried again at the next sync');
  t.ok(app.campanile.adapters.forRef({ tenant: app.tenant, channel: 'telegram', account: 'eventi' }), 'and runs');
  t.equal((await mayor({ method: 'DELETE', url: `${base}/${id}` })).statusCode, 204);
  t.equal(fake.stats().calls.deleteWebhook, 2, 'deleted: the webhook too');
  expectProblem(t, await app.fastify.inject({ method: 'POST', url: path, payload: body, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET } }), 404);
});

t.test('closing the server (a restart) keeps a stored Telegram account’s webhook', async (t) => {
  const fake = await createFakeTelegram({ token: TOKEN, limits: false });
  t.teardown(() => fake.close());
  const port = await freePort();
  const app = await build(t, {
    channelAccounts: { env: { TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: `http://127.0.0.1:${port}` }, log: silent, pollMs: 0 },
  });
  await app.fastify.ready();
  const mayor = await app.injectAs('mayor');
  const created = await mayor({ method: 'POST', url: `/api/v1/tenants/${app.tenant}/channel-accounts`, payload: { channel: 'telegram', name: 'eventi', secrets: { token: TOKEN, webhookSecret: SECRET } } });
  t.equal(created.json().running, true, created.body);
  await app.fastify.close(); // detaches the live accounts, as a shutdown
  t.equal(app.campanile.adapters.forRef({ tenant: app.tenant, channel: 'telegram', account: 'eventi' }), undefined, 'detached');
  t.equal(fake.stats().calls.deleteWebhook ?? 0, 0, 'the webhook stays for the next start');
});

t.test('a WhatsApp account created through the API answers its verification handshake', async (t) => {
  const app = await build(t, { channelAccounts: { env: { WHATSAPP_API_ROOT: 'http://127.0.0.1:9/v1' }, log: silent, pollMs: 0 } });
  const mayor = await app.injectAs('mayor');
  const base = `/api/v1/tenants/${app.tenant}/channel-accounts`;
  const secrets = { accessToken: 'wa-token', appSecret: 'app-secret', verifyToken: 'verify-me' };
  const settings = { phoneNumberId: 'PN-77' };
  const created = await mayor({ method: 'POST', url: base, payload: { channel: 'whatsapp', name: 'secondo', settings, secrets } });
  t.equal(created.statusCode, 201, created.body);
  t.equal(created.json().running, true);
  const url = `/webhooks/whatsapp/${app.tenant}/secondo?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`;
  const handshake = await app.fastify.inject({ method: 'GET', url });
  t.equal(handshake.statusCode, 200);
  t.equal(handshake.body, '1158201444');
  t.equal((await app.fastify.inject({ method: 'GET', url: url.replace('verify-me', 'other') })).statusCode, 403);

  // The same number twice: stored, reported, not running.
  const twin = await mayor({ method: 'POST', url: base, payload: { channel: 'whatsapp', name: 'gemello', settings, secrets } });
  t.equal(twin.statusCode, 201);
  t.equal(twin.json().running, false);
  t.match(twin.json().problem, /same phone number id/);
});

t.test('without channelAccounts the API only stores accounts (no running field)', async (t) => {
  const app = await build(t);
  const mayor = await app.injectAs('mayor');
  const created = await mayor({ method: 'POST', url: `/api/v1/tenants/${app.tenant}/channel-accounts`, payload: { channel: 'telegram', name: 'eventi', secrets: { token: '1:A' } } });
  t.equal(created.statusCode, 201);
  t.notOk('running' in created.json());
});
