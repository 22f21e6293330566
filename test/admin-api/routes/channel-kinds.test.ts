import { Type } from '@sinclair/typebox';
import t from 'tap';
import { defaultChannels } from '../../../adapters/index.js';
import { MemoryAdapter } from '../../../adapters/memory/index.js';
import { defineChannel } from '../../../core/internal.js';
import { build } from '../../helpers/app.js';

// A channel that is not built in: its account fields reach the API, OpenAPI and the admin UI's form
// through its factory alone.
const echo = defineChannel({
  channel: 'echo',
  title: 'Echo',
  accountSchema: Type.Object({ apiKey: Type.String({ minLength: 1, writeOnly: true }), room: Type.Optional(Type.String({ minLength: 1 })) }),
  fromEnv: () => undefined,
  fromAccount: (account) => new MemoryAdapter({ account: account.name }),
  identityKey: () => undefined,
});

t.test('the channel kinds and account schemas come from the registered factories', async (t) => {
  const app = await build(t, { channels: [...defaultChannels, echo] });
  const mayor = await app.injectAs('mayor', app.tenant);
  const kinds = await mayor({ method: 'GET', url: `/api/v1/tenants/${app.tenant}/channel-kinds` });
  t.equal(kinds.statusCode, 200);
  t.same(kinds.json(), [
    { channel: 'telegram', title: 'Telegram', settings: ['username'], secrets: ['token', 'webhookSecret'], required: ['token'] },
    { channel: 'whatsapp', title: 'WhatsApp', settings: ['phoneNumberId', 'businessAccountId', 'dailyRecipients', 'messagesPerSecond', 'displayNumber'], secrets: ['accessToken', 'appSecret', 'verifyToken'], required: ['accessToken', 'appSecret', 'verifyToken', 'phoneNumberId'] },
    { channel: 'echo', title: 'Echo', settings: ['room'], secrets: ['apiKey'], required: ['apiKey'] },
  ], 'the web chat has no stored accounts: not listed');

  const created = await mayor({ method: 'POST', url: `/api/v1/tenants/${app.tenant}/channel-accounts`, payload: { channel: 'echo', name: 'sala', settings: { room: 'consiglio' }, secrets: { apiKey: 'k-123' } } });
  t.equal(created.statusCode, 201, created.body);
  t.same(created.json().secrets, { apiKey: { configured: true } });
  t.same(created.json().settings, { room: 'consiglio' });
  t.equal(created.json().configured, true);
  t.notMatch(created.body, /k-123/, 'the secret never comes back');

  const wrong = await mayor({ method: 'POST', url: `/api/v1/tenants/${app.tenant}/channel-accounts`, payload: { channel: 'echo', name: 'altra', secrets: { token: 'x' } } });
  t.equal(wrong.statusCode, 400, "another channel's secret is refused");
  const unknown = await mayor({ method: 'POST', url: `/api/v1/tenants/${app.tenant}/channel-accounts`, payload: { channel: 'fax', name: 'x', secrets: {} } });
  t.equal(unknown.statusCode, 400, 'a channel no factory registers is refused');

  const openapi = (await app.fastify.inject({ method: 'GET', url: '/docs/json' })).json();
  t.match(JSON.stringify(openapi), /"apiKey":\{[^}]*"writeOnly":true/, 'OpenAPI marks the factory secret write-only');
});
