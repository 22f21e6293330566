import { defineChannel, Type, type ChannelAdapter } from '../../core/index.js';
import { BotFrameworkAdapter, type BotFrameworkAdapterOptions } from './botframework-adapter.js';

const Secret = Type.String({ minLength: 1, maxLength: 512, writeOnly: true });
const Setting = Type.String({ minLength: 1, maxLength: 200 });

/**
 * The default comune's bot from the environment, or undefined when neither `BOTFRAMEWORK_APP_ID` nor
 * `BOTFRAMEWORK_EMULATOR` is set. Partial configuration throws with the name of the missing variable.
 *
 * @example
 * const bot = botFrameworkFromEnv(process.env, { tenant: 'esempio' });
 * if (bot) adapters.push({ adapter: bot, tenant: 'esempio' });
 */
export function botFrameworkFromEnv(env: Readonly<Record<string, string | undefined>>, options: { tenant?: string } = {}): BotFrameworkAdapter | undefined {
  const emulator = /^(1|true|yes)$/i.test(env.BOTFRAMEWORK_EMULATOR ?? '');
  if (!env.BOTFRAMEWORK_APP_ID && !env.BOTFRAMEWORK_APP_PASSWORD && !emulator) return undefined;
  return new BotFrameworkAdapter({
    ...(env.BOTFRAMEWORK_APP_ID || !emulator ? { appId: env.BOTFRAMEWORK_APP_ID ?? '', appPassword: env.BOTFRAMEWORK_APP_PASSWORD ?? '' } : { emulator: true }),
    ...(env.BOTFRAMEWORK_APP_TENANT_ID ? { appTenantId: env.BOTFRAMEWORK_APP_TENANT_ID } : {}),
    ...(options.tenant ? { tenant: options.tenant } : {}),
    ...endpoints(env),
  });
}

/** Microsoft's endpoints, replaced by local fakes in tests (never needed in production). */
function endpoints(env: Readonly<Record<string, string | undefined>>): Pick<BotFrameworkAdapterOptions, 'openIdMetadataUrl' | 'tokenUrl'> {
  return {
    ...(env.BOTFRAMEWORK_OPENID_METADATA_URL ? { openIdMetadataUrl: env.BOTFRAMEWORK_OPENID_METADATA_URL } : {}),
    ...(env.BOTFRAMEWORK_TOKEN_URL ? { tokenUrl: env.BOTFRAMEWORK_TOKEN_URL } : {}),
  };
}

/**
 * The Bot Framework channel (Azure Bot: Teams, Web Chat…): the default comune's bot from
 * `BOTFRAMEWORK_*`, and one bot per stored account, served at `/webhooks/botframework/<tenant>[/<account>]`.
 * Not in `npm start`'s default list: it runs when named in `CAMPANILE_ADAPTERS`/`campanile.config.json`.
 * The identity is the Microsoft App ID. Stored accounts always authenticate (no emulator mode).
 *
 * @example
 * const bot = botframeworkChannel.fromAccount({ tenant: 'altro', name: 'default', config: { appId, appPassword } }, context);
 * botframeworkChannel.identityKey(bot); // the app id
 */
export const botframeworkChannel = defineChannel({
  channel: 'botframework',
  title: 'Microsoft Bot Framework (Teams, Web Chat)',
  accountSchema: Type.Object({
    appId: Setting,
    appPassword: Secret,
    appTenantId: Type.Optional(Setting),
  }),
  identityLabel: 'Microsoft App ID',
  fromEnv(env, context) {
    const adapter = botFrameworkFromEnv(env, { tenant: context.defaultTenant.slug });
    return adapter ? { adapter, tenant: context.defaultTenant.slug } : undefined;
  },
  fromAccount(account, { env }) {
    const { config } = account;
    const suffix = account.name === 'default' ? account.tenant : `${account.tenant}/${account.name}`;
    return new BotFrameworkAdapter({
      appId: config.appId!,
      appPassword: config.appPassword!,
      ...(config.appTenantId ? { appTenantId: config.appTenantId } : {}),
      tenant: account.tenant,
      account: account.name,
      webhookPath: `/webhooks/botframework/${suffix}`,
      ...endpoints(env),
    });
  },
  identityKey: (adapter: ChannelAdapter) => (adapter instanceof BotFrameworkAdapter && adapter.appId ? adapter.appId : undefined),
});
