import { createRequire } from 'node:module';
import t from 'tap';
import { BotFrameworkAdapter, botframeworkChannel, botFrameworkFromEnv } from '../../../adapters/botframework/index.js';
import { builtInChannels, defaultChannels } from '../../../adapters/index.js';

const context = { env: {}, defaultTenant: { slug: 'esempio', name: 'Comune di Esempio' }, dataDir: '/tmp/x', mediaDir: '/tmp/x/media' } as unknown as Parameters<typeof botframeworkChannel.fromEnv>[1];

t.test('loading the channel registry does not load the end-of-life SDK (only a bot\'s first webhook or token does)', async (t) => {
  const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => /[\\/](botbuilder|botframework-[a-z]+)[\\/]/.test(path));
  t.same(loaded, []);
});

t.test('a built-in channel, but not among npm start\'s defaults', async (t) => {
  t.equal(builtInChannels.botframework, botframeworkChannel);
  t.notOk(defaultChannels.includes(botframeworkChannel), 'runs only when named');
});

t.test('fromEnv: nothing without variables, a bot with them, emulator only when asked, partial configuration refused', async (t) => {
  t.equal(botFrameworkFromEnv({}), undefined);
  const bound = botframeworkChannel.fromEnv({ BOTFRAMEWORK_APP_ID: 'app-1', BOTFRAMEWORK_APP_PASSWORD: 'pw', BOTFRAMEWORK_APP_TENANT_ID: 'tid' }, context);
  t.ok(bound?.adapter instanceof BotFrameworkAdapter);
  t.equal(bound?.tenant, 'esempio');
  t.equal(botframeworkChannel.identityKey!(bound!.adapter), 'app-1', 'the identity is the app id');
  t.equal(await (bound!.adapter as BotFrameworkAdapter).api.tokenUrl(), 'https://login.microsoftonline.com/tid/oauth2/v2.0/token', 'single-tenant token endpoint');
  t.equal(await new BotFrameworkAdapter({ appId: 'a', appPassword: 'p' }).api.tokenUrl(), 'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token', 'multi-tenant');
  t.equal(botFrameworkFromEnv({ BOTFRAMEWORK_EMULATOR: '1' })?.emulator, true);
  t.throws(() => botFrameworkFromEnv({ BOTFRAMEWORK_APP_PASSWORD: 'pw' }), /BOTFRAMEWORK_APP_ID/);
  t.throws(() => botFrameworkFromEnv({ BOTFRAMEWORK_APP_ID: 'app-1' }), /BOTFRAMEWORK_APP_PASSWORD/);
  t.equal(botframeworkChannel.identityKey!(botFrameworkFromEnv({ BOTFRAMEWORK_EMULATOR: '1' })!), undefined, 'an emulator bot has no identity to guard');
});

t.test('stored accounts: schema with a write-only password, one webhook path per account', async (t) => {
  const schema = botframeworkChannel.accountSchema as unknown as { properties: Record<string, { writeOnly?: boolean }>; required: string[] };
  t.same([...schema.required].sort(), ['appId', 'appPassword']);
  t.equal(schema.properties.appPassword?.writeOnly, true);
  t.notOk(schema.properties.appId?.writeOnly);
  t.ok(schema.properties.appTenantId, 'optional tenant id');
  const second = botframeworkChannel.fromAccount!({ tenant: 'altro', name: 'teams', config: { appId: 'app-2', appPassword: 'pw' } }, context);
  t.equal(second.routes?.[0]?.path, '/webhooks/botframework/altro/teams');
  const first = botframeworkChannel.fromAccount!({ tenant: 'altro', name: 'default', config: { appId: 'app-3', appPassword: 'pw' } }, context);
  t.equal(first.routes?.[0]?.path, '/webhooks/botframework/altro');
});
