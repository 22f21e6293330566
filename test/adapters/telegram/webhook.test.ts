import Fastify from 'fastify';
import t from 'tap';
import app from '../../../admin-api/app.js';
import { startUpdate } from '../../fakes/telegram/index.js';
import { telegramApp, waitTurns } from './telegram-app.js';
import { freePort } from '../../helpers/free-port.js';

const SECRET = 'test_secret-0123456789';

t.test('webhook mode: setWebhook with the secret, real deliveries processed, a wrong secret refused', async (t) => {
  const port = await freePort();
  const { fake, app: campanile, turns, telegram } = await telegramApp(t, {
    fake: { limits: false },
    adapter: { mode: 'webhook', webhook: { publicUrl: `http://127.0.0.1:${port}`, secret: SECRET } },
  });
  const fastify = Fastify();
  await fastify.register(app, { campanile });
  await fastify.listen({ port, host: '127.0.0.1' });
  t.teardown(() => fastify.close());

  t.equal(fake.stats().calls.setWebhook, 1, 'setWebhook called at start');
  t.equal(telegram.webhookPath, '/webhooks/telegram/esempio');
  t.equal(fake.stats().calls.getUpdates ?? 0, 0, 'getUpdates never called');

  // Wrong and missing secrets: 401 and nothing reaches the engine.
  const body = JSON.stringify({ update_id: 900, ...startUpdate() });
  const wrong = await fastify.inject({ method: 'POST', url: '/webhooks/telegram/esempio', payload: body, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'nope' } });
  t.equal(wrong.statusCode, 401);
  const missing = await fastify.inject({ method: 'POST', url: '/webhooks/telegram/esempio', payload: body, headers: { 'content-type': 'application/json' } });
  t.equal(missing.statusCode, 401);
  const garbage = await fastify.inject({ method: 'POST', url: '/webhooks/telegram/esempio', payload: 'not json', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET } });
  t.equal(garbage.statusCode, 400);
  t.equal(turns.length, 0, 'no turn for refused requests');

  // The fake delivers a real update with the secret header: acknowledged, then handled.
  fake.pushUpdate(startUpdate('cat_eventi'));
  await waitTurns(campanile, turns, 1);
  t.equal(turns[0]?.outcome, 'handled');
  t.match(fake.sentMessages[0]?.text, /iscritto alla categoria Eventi/);
  const attempts = await fake.events.next((e) => e.type === 'webhook-attempt', 50).catch(() => undefined);
  t.notOk(attempts, 'acknowledged on the first attempt');

  // A re-sent update (same update_id) is processed once.
  const again = JSON.stringify({ update_id: 1, ...startUpdate('cat_eventi') });
  const resent = await fastify.inject({ method: 'POST', url: '/webhooks/telegram/esempio', payload: again, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET } });
  t.equal(resent.statusCode, 200);
  await waitTurns(campanile, turns, 2);
  t.equal(turns[1]?.outcome, 'duplicate');
});

t.test('webhook mode needs a public URL and a valid secret', async (t) => {
  const { TelegramAdapter } = await import('../../../adapters/telegram/index.js');
  t.throws(() => new TelegramAdapter({ tenant: 'esempio', token: '1:A', mode: 'webhook' }), /PUBLIC_URL/);
  t.throws(() => new TelegramAdapter({ tenant: 'esempio', token: '1:A', mode: 'webhook', webhook: { publicUrl: 'https://x', secret: 'bad secret!' } }), /TELEGRAM_WEBHOOK_SECRET/);
  t.throws(() => new TelegramAdapter({ tenant: 'esempio', token: '' }), /TELEGRAM_BOT_TOKEN/);
});
