import { Type } from '@sinclair/typebox';
import { defineChannel, type ChannelAdapter } from '../../core/index.js';
import { TelegramAdapter } from './telegram-adapter.js';
import { telegramFromEnv } from './telegram-env.js';

const Secret = Type.String({ minLength: 1, maxLength: 512, writeOnly: true });

/**
 * The Telegram channel: the default comune's bot from `TELEGRAM_BOT_TOKEN` (see telegram-env.ts), and one
 * bot per stored account (`token`, optional `webhookSecret` for webhook mode when `PUBLIC_URL` is set,
 * else long polling). Two adapters of the same bot clash: the identity is the bot id, never the token.
 *
 * @example
 * const bound = telegramChannel.fromEnv(process.env, context);
 * const bot = telegramChannel.fromAccount({ tenant: 'altro', name: 'default', config: { token } }, context);
 * telegramChannel.identityKey(bot); // '123'
 */
export const telegramChannel = defineChannel({
  channel: 'telegram',
  title: 'Telegram',
  accountSchema: Type.Object({
    token: Secret,
    webhookSecret: Type.Optional(Secret),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  }),
  identityLabel: 'bot',
  fromEnv(env, context) {
    const options = telegramFromEnv(env, { tenant: context.defaultTenant.slug, displayName: context.defaultTenant.name });
    return options ? { adapter: new TelegramAdapter(options), tenant: context.defaultTenant.slug } : undefined;
  },
  fromAccount(account, { env }) {
    const webhookSecret = account.config.webhookSecret;
    const publicUrl = env.PUBLIC_URL?.trim();
    const rate = env.TELEGRAM_RATE ? Number(env.TELEGRAM_RATE) : undefined;
    return new TelegramAdapter({
      tenant: account.tenant,
      account: account.name,
      token: account.config.token!,
      // Webhook mode needs both a public URL and the account's webhook secret; otherwise long polling.
      mode: webhookSecret && publicUrl ? 'webhook' : 'polling',
      ...(webhookSecret && publicUrl ? { webhook: { publicUrl, secret: webhookSecret } } : {}),
      ...(env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT.replace(/\/+$/, '') } : {}),
      ...(rate && rate > 0 ? { ratePerSecond: rate } : {}),
    });
  },
  identityKey: (adapter: ChannelAdapter) => (adapter instanceof TelegramAdapter ? String(adapter.bot) : undefined),
});
