// "Check connection" on a stored account: one call to the channel with the stored credentials
// (Telegram getMe, the WhatsApp number on the Graph API, a Bot Framework token), against the local
// fakes, which refuse a wrong token the way the real services do.
import t from 'tap';
import { createLogger } from '../../../core/internal.js';
import { builtInChannels, defaultChannels } from '../../../adapters/index.js';
import { build, expectProblem } from '../../helpers/app.js';
import { createFakeTelegram } from '../../fakes/telegram/index.js';
import { FakeGraphApi } from '../../fakes/whatsapp/fake-graph-api.js';
import { FakeBotConnector } from '../../fakes/botframework/fake-bot-connector.js';
import { freePort } from '../../helpers/free-port.js';

const TOKEN = '4343:CHECK-TOKEN';
const silent = createLogger({ level: 'silent' });

t.test('Telegram: getMe names the bot; a revoked token is reported without the token; inactive is said; roles and tenants', async (t) => {
  const fake = await createFakeTelegram({ token: TOKEN, limits: false, botInfo: { username: 'comune_check_bot' } });
  t.teardown(() => fake.close());
  const port = await freePort();
  const app = await build(t, { channelAccounts: { env: { TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: `http://127.0.0.1:${port}` }, log: silent, pollMs: 0 } });
  await app.fastify.listen({ port, host: '127.0.0.1' });
  const mayor = await app.injectAs('mayor');
  const base = `/api/v1/tenants/${app.tenant}/channel-accounts`;
  const created = await mayor({ method: 'POST', url: base, payload: { channel: 'telegram', name: 'eventi', secrets: { token: TOKEN, webhookSecret: 'check_secret-0123456789' } } });
  t.equal(created.statusCode, 201, created.body);
  const id = created.json().id as number;

  const ok = await mayor({ method: 'POST', url: `${base}/${id}/check` });
  t.equal(ok.statusCode, 200, ok.body);
  t.same(ok.json(), { running: true, reachable: true, identity: '@comune_check_bot' }, 'the bot is named as Telegram knows it');

  fake.failNext('getMe', 1, { status: 401, description: 'Unauthorized' });
  const refused = await mayor({ method: 'POST', url: `${base}/${id}/check` });
  t.equal(refused.statusCode, 200);
  t.match(refused.json(), { running: true, reachable: false, problem: /Unauthorized/ }, 'what Telegram refused is said');
  t.notMatch(refused.body, /CHECK-TOKEN/, 'never the token');

  await mayor({ method: 'PATCH', url: `${base}/${id}`, payload: { active: false } });
  t.match((await mayor({ method: 'POST', url: `${base}/${id}/check` })).json(), { running: false, problem: /not active/ }, 'an inactive account is not asked');

  const editor = await app.injectAs('editor');
  expectProblem(t, await editor({ method: 'POST', url: `${base}/${id}/check` }), 403, 'forbidden');
  expectProblem(t, await app.fastify.inject({ method: 'POST', url: `${base}/${id}/check` }), 401);
  expectProblem(t, await mayor({ method: 'POST', url: `${base}/99999/check` }), 404, 'not-found');
  expectProblem(t, await mayor({ method: 'POST', url: `/api/v1/tenants/${app.otherTenant}/channel-accounts/${id}/check` }), 404, 'not-found');
  const otherMayor = await app.injectAs('mayor', app.otherTenant);
  expectProblem(t, await otherMayor({ method: 'POST', url: `/api/v1/tenants/${app.otherTenant}/channel-accounts/${id}/check` }), 404, 'not-found');
});

t.test('WhatsApp: the number and its verified name; a wrong access token is refused (190)', async (t) => {
  const graph = await FakeGraphApi.start(t, { token: 'wa-right', phoneNumberId: '1065', verifiedName: 'Comune di Esempio', displayPhoneNumber: '+39 0123 456789' });
  const app = await build(t, { channelAccounts: { env: { WHATSAPP_API_ROOT: graph.apiRoot }, log: silent, pollMs: 0 } });
  const mayor = await app.injectAs('mayor');
  const base = `/api/v1/tenants/${app.tenant}/channel-accounts`;
  const secrets = { accessToken: 'wa-right', appSecret: 'app-secret', verifyToken: 'verify-me' };
  const id = (await mayor({ method: 'POST', url: base, payload: { channel: 'whatsapp', name: 'default', settings: { phoneNumberId: '1065' }, secrets } })).json().id as number;
  t.same((await mayor({ method: 'POST', url: `${base}/${id}/check` })).json(), { running: true, reachable: true, identity: 'Comune di Esempio (+39 0123 456789)' });

  await mayor({ method: 'PATCH', url: `${base}/${id}`, payload: { secrets: { accessToken: 'wa-expired' } } });
  const refused = (await mayor({ method: 'POST', url: `${base}/${id}/check` })).json();
  t.match(refused, { running: true, reachable: false, problem: /code 190/ }, 'the Graph error is said');
  t.notMatch(JSON.stringify(refused), /wa-expired/, 'never the token');
});

t.test('Bot Framework: a token for the app id and password; a wrong password is refused now, not at the next notice', async (t) => {
  const connector = await FakeBotConnector.start(t, { appId: 'app-check', appPassword: 'right-password' });
  const app = await build(t, {
    channels: [...defaultChannels, builtInChannels.botframework!],
    channelAccounts: { env: { BOTFRAMEWORK_TOKEN_URL: connector.tokenUrl, BOTFRAMEWORK_OPENID_METADATA_URL: connector.openIdMetadataUrl }, log: silent, pollMs: 0 },
  });
  const mayor = await app.injectAs('mayor');
  const base = `/api/v1/tenants/${app.tenant}/channel-accounts`;
  const created = await mayor({ method: 'POST', url: base, payload: { channel: 'botframework', name: 'teams', settings: { appId: 'app-check' }, secrets: { appPassword: 'right-password' } } });
  t.equal(created.statusCode, 201, created.body);
  const id = created.json().id as number;
  t.same((await mayor({ method: 'POST', url: `${base}/${id}/check` })).json(), { running: true, reachable: true, identity: 'Microsoft App ID app-check' });
  t.equal(connector.issued.length, 1, 'one token asked for');

  await mayor({ method: 'PATCH', url: `${base}/${id}`, payload: { secrets: { appPassword: 'wrong-password' } } });
  const refused = (await mayor({ method: 'POST', url: `${base}/${id}/check` })).json();
  t.match(refused, { running: true, reachable: false, problem: /Invalid client secret/ });
  t.notMatch(JSON.stringify(refused), /wrong-password/, 'never the password');
});
