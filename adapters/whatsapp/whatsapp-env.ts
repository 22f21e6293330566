import { WhatsAppAdapter, type WhatsAppAdapterOptions } from './whatsapp-adapter.js';

/**
 * The default tenant's WhatsApp number from the environment, or undefined when `WHATSAPP_TOKEN` is not
 * set. Partial configuration throws with the name of the missing variable.
 *
 * @example
 * const whatsapp = whatsAppFromEnv(process.env, { tenant: config.defaultTenant.slug });
 * if (whatsapp) adapters.push({ adapter: whatsapp, tenant: config.defaultTenant.slug });
 */
export function whatsAppFromEnv(env: Readonly<Record<string, string | undefined>>, options: { tenant?: string } = {}): WhatsAppAdapter | undefined {
  if (!env.WHATSAPP_TOKEN && !env.WHATSAPP_PHONE_NUMBER_ID) return undefined;
  const number = (name: string) => (env[name] ? Number(env[name]) : undefined);
  return new WhatsAppAdapter({
    token: env.WHATSAPP_TOKEN ?? '',
    phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID ?? '',
    appSecret: env.WHATSAPP_APP_SECRET ?? '',
    verifyToken: env.WHATSAPP_VERIFY_TOKEN ?? '',
    ...(env.WHATSAPP_API_ROOT ? { apiRoot: env.WHATSAPP_API_ROOT } : {}),
    ...(env.WHATSAPP_DISPLAY_NUMBER ? { displayNumber: env.WHATSAPP_DISPLAY_NUMBER } : {}),
    ...(options.tenant ? { tenant: options.tenant } : {}),
    ...(number('WHATSAPP_MESSAGES_PER_SECOND') ? { messagesPerSecond: number('WHATSAPP_MESSAGES_PER_SECOND') } : {}),
    ...(number('WHATSAPP_DAILY_RECIPIENTS') ? { dailyRecipients: number('WHATSAPP_DAILY_RECIPIENTS') } : {}),
  });
}
