import { join } from 'node:path';
import { WebchatAdapter, webchatSecret } from '../../adapters/webchat/index.js';
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
): { adapter: ChannelAdapter; tenant?: string }[] {
  const webchat = new WebchatAdapter({ secret: webchatSecret(env, config.dataDir), mediaDir: join(config.mediaDir, 'webchat') });
  return [{ adapter: webchat }];
}
