import type { CampanileConfig, ChannelAdapter } from '../../core/index.js';

/**
 * The channel adapters this process runs, from configuration. Each channel's issue adds its adapter
 * here (web chat always; Telegram when a token is set; WhatsApp when its credentials are set).
 *
 * @example
 * const adapters = configuredAdapters(config, process.env);
 */
export function configuredAdapters(
  _config: CampanileConfig,
  _env: Readonly<Record<string, string | undefined>>,
): { adapter: ChannelAdapter; tenant?: string }[] {
  return [];
}
