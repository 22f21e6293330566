import { whatsAppFromEnv } from '../../adapters/whatsapp/index.js';
import type { CampanileConfig, ChannelAdapter } from '../../core/index.js';

/**
 * The channel adapters this process runs, from configuration. Each channel's issue adds its adapter
 * here (web chat always; Telegram when a token is set; WhatsApp when its credentials are set).
 *
 * WhatsApp: `WHATSAPP_TOKEN`, `WHATSAPP_PHONE_NUMBER_ID`, `WHATSAPP_APP_SECRET`, `WHATSAPP_VERIFY_TOKEN`
 * (all four), optional `WHATSAPP_API_ROOT`, `WHATSAPP_MESSAGES_PER_SECOND`, `WHATSAPP_DAILY_RECIPIENTS`;
 * the number serves the default tenant at `/webhooks/whatsapp/<tenant slug>`.
 *
 * @example
 * const adapters = configuredAdapters(config, process.env);
 */
export function configuredAdapters(
  config: CampanileConfig,
  env: Readonly<Record<string, string | undefined>>,
): { adapter: ChannelAdapter; tenant?: string }[] {
  const adapters: { adapter: ChannelAdapter; tenant?: string }[] = [];
  const tenant = config.defaultTenant.slug;
  const whatsapp = whatsAppFromEnv(env, { tenant });
  if (whatsapp) adapters.push({ adapter: whatsapp, tenant });
  return adapters;
}
