import { join } from 'node:path';
import { WebchatAdapter, webchatSecret } from '../../adapters/webchat/index.js';
import { TelegramAdapter, telegramFromEnv } from '../../adapters/telegram/index.js';
import { whatsAppFromEnv, type WhatsAppAdapterOptions } from '../../adapters/whatsapp/index.js';
import type { CampanileConfig, ChannelAdapter } from '../../core/index.js';

/**
 * The channel adapters this process runs, from configuration. Each channel's issue adds its adapter
 * here (web chat always; Telegram when a token is set; WhatsApp when its credentials are set).
 *
 * The web chat is always there: it is the channel of `npm start` and needs no token. Its secret comes
 * from WEBCHAT_SECRET, or is generated once under DATA_DIR.
 *
 * @example
 * const adapters = configuredAdapters(config, process.env);
 */
export function configuredAdapters(
  config: CampanileConfig,
  env: Readonly<Record<string, string | undefined>>,
  options: { mediaSink?: WhatsAppAdapterOptions['mediaSink'] } = {},
): { adapter: ChannelAdapter; tenant?: string }[] {
  const webchat = new WebchatAdapter({ secret: webchatSecret(env, config.dataDir), mediaDir: join(config.mediaDir, 'webchat') });
  // The web chat serves every tenant and needs no token: it is what `npm start` shows first.
  const adapters: { adapter: ChannelAdapter; tenant?: string }[] = [{ adapter: webchat }];
  // The default tenant's bot; further tenants' bots come from stored channel accounts (wiring/stored-accounts.ts).
  const telegram = telegramFromEnv(env, { tenant: config.defaultTenant.slug, displayName: config.defaultTenant.name });
  if (telegram) adapters.push({ adapter: new TelegramAdapter(telegram), tenant: config.defaultTenant.slug });
  // WhatsApp: WHATSAPP_TOKEN, _PHONE_NUMBER_ID, _APP_SECRET, _VERIFY_TOKEN (optional _API_ROOT,
  // _MESSAGES_PER_SECOND, _DAILY_RECIPIENTS); served at /webhooks/whatsapp/<default tenant slug>.
  // Inbound media are copied into the media store at once (`mediaSink`, see wiring/inbound-media.ts).
  const whatsapp = whatsAppFromEnv(env, { tenant: config.defaultTenant.slug, ...(options.mediaSink ? { mediaSink: options.mediaSink } : {}) });
  if (whatsapp) adapters.push({ adapter: whatsapp, tenant: config.defaultTenant.slug });
  return adapters;
}
