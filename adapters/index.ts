import type { ChannelFactory } from '../core/index.js';
import { botframeworkChannel } from './botframework/index.js';
import { memoryChannel } from './memory/index.js';
import { telegramChannel } from './telegram/index.js';
import { terminalChannel } from './terminal/index.js';
import { webchatChannel } from './webchat/index.js';
import { whatsAppChannel } from './whatsapp/index.js';

/**
 * The channels shipped with Campanile, by the name a deployment gives them in `CAMPANILE_ADAPTERS` or
 * `campanile.config.json`. Third-party channels are npm packages exporting a `ChannelFactory`.
 *
 * @example
 * const factory = builtInChannels.telegram;
 * const bound = factory.fromEnv(process.env, context);
 */
export const builtInChannels: Readonly<Record<string, ChannelFactory>> = {
  webchat: webchatChannel,
  telegram: telegramChannel,
  whatsapp: whatsAppChannel,
  botframework: botframeworkChannel,
  memory: memoryChannel,
  terminal: terminalChannel,
};

/**
 * What a deployment runs when it names no channels: the web chat, and Telegram and WhatsApp when their
 * variables are set (their `fromEnv` returns nothing otherwise, and stored accounts may still add bots).
 * The Bot Framework is not among them: it loads an end-of-life SDK, so it runs only when a deployment
 * names it (`CAMPANILE_ADAPTERS=webchat,botframework` or `campanile.config.json`).
 *
 * @example
 * await createCampanile({ …, channels: defaultChannels });
 */
export const defaultChannels: readonly ChannelFactory[] = [webchatChannel, telegramChannel, whatsAppChannel];
