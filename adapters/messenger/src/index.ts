import { defineChannel, Type, type ChannelFactory } from 'campanile';
import { MessengerAdapter } from './messenger-adapter.js';

export { MessengerAdapter, permittedTag, type MessageTag, type MessengerAdapterOptions } from './messenger-adapter.js';
export { MessengerApi, DEFAULT_API_ROOT, type MessengerCall, type MessengerResult } from './messenger-api.js';
export { deliveryResultOf, MessengerApiError, MessengerNetworkError, MESSENGER_ERROR } from './errors.js';
export { fromMessenger, toMessenger, type MessengerPart, type MsWebhook, type MsMessaging } from './mapping.js';
export { messengerCapabilities, MESSENGER_LIMITS, MESSENGER_REPLY_WINDOW_HOURS } from './messenger-capabilities.js';
export { GET_STARTED_PAYLOAD, messengerLink, START_PAYLOAD } from './deep-link.js';
export { signBody, verifySignature } from './webhook-signature.js';

const Secret = Type.String({ minLength: 1, maxLength: 512, writeOnly: true });

/**
 * The Facebook Messenger channel: the default comune's page from `MESSENGER_*`, one page per stored
 * account, served at `/webhooks/messenger/<tenant>[/<account>]`. The identity is the page id.
 *
 * @example
 * // campanile.config.json: { "adapters": ["webchat", "@campanile/adapter-messenger"] }
 * MESSENGER_PAGE_ID=… MESSENGER_PAGE_TOKEN=… MESSENGER_APP_SECRET=… MESSENGER_VERIFY_TOKEN=… npm start
 */
// Annotated: a published package emits declarations, and its factory's type must be nameable from `campanile`.
const messengerChannel: ChannelFactory = defineChannel({
  channel: 'messenger',
  title: 'Facebook Messenger',
  accountSchema: Type.Object({
    pageId: Type.String({ pattern: '^[0-9]{1,32}$', description: 'Messenger: the Facebook page id (Page → About → Page transparency, or the app dashboard)' }),
    pageAccessToken: Secret,
    appSecret: Secret,
    verifyToken: Secret,
  }),
  identityLabel: 'page id',
  fromEnv(env, context) {
    if (!env.MESSENGER_PAGE_ID && !env.MESSENGER_PAGE_TOKEN) return undefined;
    const tenant = context.defaultTenant.slug;
    return {
      tenant,
      adapter: new MessengerAdapter({
        tenant,
        pageId: env.MESSENGER_PAGE_ID ?? '',
        pageAccessToken: env.MESSENGER_PAGE_TOKEN ?? '',
        appSecret: env.MESSENGER_APP_SECRET ?? '',
        verifyToken: env.MESSENGER_VERIFY_TOKEN ?? '',
        ...(env.MESSENGER_API_ROOT ? { apiRoot: env.MESSENGER_API_ROOT } : {}),
      }),
    };
  },
  fromAccount(account, { env }) {
    const { config } = account;
    const suffix = account.name === 'default' ? account.tenant : `${account.tenant}/${account.name}`;
    return new MessengerAdapter({
      tenant: account.tenant,
      account: account.name,
      pageId: config.pageId ?? '',
      pageAccessToken: config.pageAccessToken ?? '',
      appSecret: config.appSecret ?? '',
      verifyToken: config.verifyToken ?? '',
      webhookPath: `/webhooks/messenger/${suffix}`,
      ...(env.MESSENGER_API_ROOT ? { apiRoot: env.MESSENGER_API_ROOT } : {}),
    });
  },
  identityKey: (adapter) => (adapter instanceof MessengerAdapter ? adapter.pageId : undefined),
});

export default messengerChannel;
