import Fastify from 'fastify';
import t from 'tap';
import type { Update } from 'grammy/types';
import { telegramChannel } from '../../adapters/telegram/index.js';
import app from '../../admin-api/app.js';
import { runAdapterConformance, type ReceivedMessage } from '../../core/testing/index.js';
import { buildApp } from '../helpers/campanile.js';
import { freePort } from '../helpers/free-port.js';
import { callbackQueryUpdate, createFakeTelegram, photoUpdate, textUpdate, type FakeTelegram, type UpdateInput } from '../fakes/telegram/index.js';

const TOKEN = '123456:TEST-token';
let fake: FakeTelegram;
let port = 0;

/** How many times each update was posted to our webhook and answered. */
const posted = new Map<number, number>();

/** Pushes an update (again, when it has an `update_id`) and resolves once its webhook POST was answered. */
async function deliverByWebhook(update: UpdateInput): Promise<Update> {
  const pushed = fake.pushUpdate(update);
  const before = posted.get(pushed.update_id) ?? 0;
  await fake.waitFor(() => (posted.get(pushed.update_id) ?? 0) > before);
  return pushed;
}

// Webhook mode: where Telegram itself redelivers (an update not answered 200 is posted again).
await runAdapterConformance(t, telegramChannel, {
  async setup(_t, factory, context) {
    port = await freePort();
    fake = await createFakeTelegram({ token: TOKEN, limits: false });
    fake.events.on((event) => { if (event.type === 'update-delivered') posted.set(event.update.update_id, (posted.get(event.update.update_id) ?? 0) + 1); });
    const tenant = context.defaultTenant.slug;
    const env = { PUBLIC_URL: `http://127.0.0.1:${port}`, TELEGRAM_API_ROOT: fake.apiRoot };
    const adapter = factory.fromAccount!({ tenant, name: 'default', config: { token: TOKEN, webhookSecret: 'conformance-webhook-secret' } }, { ...context, env });
    return {
      bound: { adapter, tenant },
      person: async (index) => 2_000_001 + index,
      pushText: (chat: number, text) => deliverByWebhook(textUpdate(text, { from: { id: chat } })),
      redeliver: async (update: Update) => void (await deliverByWebhook(update)),
      pressButton: async (chat, message, index) => void (await deliverByWebhook(callbackQueryUpdate(message.buttons[index]!.data, { from: { id: chat } }))),
      pushMedia: async (chat) => void (await deliverByWebhook(photoUpdate({ from: { id: chat } }))),
      received: () => fake.sentMessages.map((m): ReceivedMessage => ({
        chat: String(m.chatId),
        text: m.text ?? m.caption ?? '',
        buttons: m.replyMarkup && 'inline_keyboard' in m.replyMarkup
          ? m.replyMarkup.inline_keyboard.flat().flatMap((b) => ('callback_data' in b && b.callback_data ? [{ label: b.text, data: b.callback_data }] : []))
          : [],
        ...(m.method === 'sendPhoto' ? { media: { kind: 'image' as const } } : m.method === 'sendDocument' ? { media: { kind: 'document' as const } } : {}),
      })),
      failNext: {
        'rate-limited': () => fake.failNext('sendMessage', 1, { status: 429, description: 'Too Many Requests: retry after 1' }),
        transient: () => fake.failNext('sendMessage', 1, { status: 502 }),
        permanent: () => fake.failNext('sendMessage', 1, { status: 400, description: 'Bad Request: message text is empty' }),
        // A chat the bot never met: Telegram answers 400 "chat not found".
        'recipient-gone': (ref) => ({ ...ref, chatId: '999' }),
      },
    };
  },
  async app(_t, options) {
    const built = await buildApp(t, { modules: options.modules, adapters: [...options.adapters] });
    const fastify = Fastify({ logger: false });
    await fastify.register(app, { campanile: built.app });
    await fastify.listen({ host: '127.0.0.1', port });
    // Registered after buildApp's teardown: the app stops, then the server and the fake close.
    t.teardown(() => fastify.close());
    t.teardown(() => fake.close());
    return built.app;
  },
});
