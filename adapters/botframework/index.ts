export { BotFrameworkAdapter, botFrameworkCapabilities, type BotFrameworkAdapterOptions } from './botframework-adapter.js';
export { BotConnectorApi, type BotConnectorApiOptions } from './connector-api.js';
export { fromBotFramework, inboundFiles, toBotFramework, referenceOf, HERO_CARD, HERO_CARD_BUTTONS, type BotFrameworkActivity, type BotFrameworkReference, type BotFrameworkOutbound, type BotFrameworkWhere, type BotFrameworkFile } from './mapping.js';
export { BotConnectorError, BotConnectorNetworkError, deliveryResultOf } from './errors.js';
// Types only: the module loads the SDK, which the adapter imports at its first webhook (see botframework-adapter.ts).
export type { ChannelAuth, ChannelAuthOptions, AuthFailure } from './webhook-auth.js';
export { botframeworkChannel, botFrameworkFromEnv } from './botframework-factory.js';
