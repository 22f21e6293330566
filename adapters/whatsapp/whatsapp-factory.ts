import { Type } from '@sinclair/typebox';
import { defineChannel, type ChannelAdapter } from '../../core/index.js';
import { WhatsAppAdapter } from './whatsapp-adapter.js';
import { whatsAppFromEnv } from './whatsapp-env.js';

const Secret = Type.String({ minLength: 1, maxLength: 512, writeOnly: true });
const Setting = Type.String({ minLength: 1, maxLength: 200 });
const WholeNumber = (description: string) => Type.String({ pattern: '^[1-9][0-9]{0,6}$', description });

/**
 * The WhatsApp Cloud API channel: the default comune's number from `WHATSAPP_*` (see whatsapp-env.ts), and
 * one number per stored account, served at `/webhooks/whatsapp/<tenant>[/<account>]`. Inbound media are
 * copied at once through `runtime.media` (the download URL lasts 5 minutes). The identity is the
 * phone number id.
 *
 * @example
 * const number = whatsAppChannel.fromAccount({ tenant: 'altro', name: 'default', config }, context);
 * whatsAppChannel.identityKey(number); // 'PN-3'
 */
export const whatsAppChannel = defineChannel({
  channel: 'whatsapp',
  title: 'WhatsApp',
  accountSchema: Type.Object({
    accessToken: Secret,
    appSecret: Secret,
    verifyToken: Secret,
    phoneNumberId: Setting,
    businessAccountId: Type.Optional(Setting),
    dailyRecipients: Type.Optional(WholeNumber("WhatsApp: unique people per 24 h outside the reply window, the number's messaging tier (250, 1000, 10000, 100000); default 250")),
    messagesPerSecond: Type.Optional(WholeNumber('WhatsApp: messages per second for this number; default 80')),
    displayNumber: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{6,14}$', description: 'WhatsApp: the number people write to, international digits only (393331234567), for the join page\'s wa.me link' })),
  }),
  identityLabel: 'phone number id',
  fromEnv(env, context) {
    const adapter = whatsAppFromEnv(env, { tenant: context.defaultTenant.slug });
    return adapter ? { adapter, tenant: context.defaultTenant.slug } : undefined;
  },
  fromAccount(account, { env }) {
    const { config } = account;
    const suffix = account.name === 'default' ? account.tenant : `${account.tenant}/${account.name}`;
    return new WhatsAppAdapter({
      token: config.accessToken!,
      phoneNumberId: config.phoneNumberId!,
      appSecret: config.appSecret!,
      verifyToken: config.verifyToken!,
      tenant: account.tenant,
      account: account.name,
      webhookPath: `/webhooks/whatsapp/${suffix}`,
      ...(env.WHATSAPP_API_ROOT ? { apiRoot: env.WHATSAPP_API_ROOT } : {}),
      // The number's tier and throughput, as the comune set them on the account (schema: whole numbers).
      ...(config.dailyRecipients ? { dailyRecipients: Number(config.dailyRecipients) } : {}),
      ...(config.messagesPerSecond ? { messagesPerSecond: Number(config.messagesPerSecond) } : {}),
      ...(config.displayNumber ? { displayNumber: config.displayNumber } : {}),
    });
  },
  identityKey: (adapter: ChannelAdapter) => (adapter instanceof WhatsAppAdapter ? adapter.phoneNumberId : undefined),
});
