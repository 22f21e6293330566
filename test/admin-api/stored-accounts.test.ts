import t from 'tap';
import { TelegramAdapter } from '../../adapters/telegram/index.js';
import { WhatsAppAdapter, whatsAppFromEnv } from '../../adapters/whatsapp/index.js';
import { ChannelAccount, loadConfig, openDatabase, coreEntities, type ChannelAdapter } from '../../core/internal.js';
import { readStoredAccounts, storedAccountAdapters } from '../../admin-api/wiring/stored-accounts.js';
import { factoryContext } from '../../admin-api/wiring/adapters.js';
import { defaultChannels } from '../../adapters/index.js';
import { buildApp } from '../helpers/campanile.js';

const WA = { accessToken: 'wa-token', appSecret: 'app-secret', verifyToken: 'verify' };

function recorder() {
  const lines: string[] = [];
  const log = { warn: (_obj: unknown, msg?: string) => void lines.push(`WARN ${msg ?? ''}`), info: (_obj: unknown, msg?: string) => void lines.push(`INFO ${msg ?? ''}`) };
  return { lines, log: log as never };
}

t.test('stored accounts of two tenants become adapters bound to their tenant, with distinct webhook paths', async (t) => {
  const { app, tenant: main } = await buildApp(t);
  const tenants = app.services.tenants;
  const other = await tenants.ensure({ slug: 'altro', name: 'Comune Altro', enabledModules: [] });
  const mainInfo = (await tenants.bySlug(main))!;
  const seed = async (tenantId: number, rows: { channel: string; name: string; config: Record<string, unknown>; active?: boolean }[]) => {
    const em = tenants.scopedEm(tenantId);
    for (const row of rows) em.create(ChannelAccount, { tenant: tenantId, active: true, ...row });
    await em.flush();
  };
  await seed(mainInfo.id, [
    { channel: 'telegram', name: 'default', config: { token: '111:AAA' } }, // duplicates the env bot (same tenant and account)
    { channel: 'telegram', name: 'eventi', config: { token: '222:BBB', username: 'eventi_bot', webhookSecret: 'hook-secret' } },
    { channel: 'whatsapp', name: 'secondo', config: { ...WA, phoneNumberId: 'PN-2', dailyRecipients: '1000', messagesPerSecond: '20' } },
    { channel: 'whatsapp', name: 'spento', config: { ...WA, phoneNumberId: 'PN-9' }, active: false },
  ]);
  await seed(other.id, [
    { channel: 'telegram', name: 'default', config: { token: '333:CCC' } },
    { channel: 'telegram', name: 'rotto', config: { token: '' } },
    { channel: 'telegram', name: 'doppio', config: { token: '222:other-token-same-bot' } },
    { channel: 'whatsapp', name: 'default', config: { ...WA, phoneNumberId: 'PN-3' } },
    { channel: 'whatsapp', name: 'incompleto', config: { accessToken: 'x', phoneNumberId: 'PN-4' } },
    { channel: 'whatsapp', name: 'stesso-numero', config: { ...WA, phoneNumberId: 'PN-1' } },
  ]);

  const stored = await readStoredAccounts(app.db);
  t.equal(stored.length, 9, 'every active account of every tenant, the inactive one left out');
  t.same(new Set(stored.map((a) => a.tenant)), new Set([main, 'altro']));

  // The env-configured default-tenant adapters.
  const env = { WHATSAPP_TOKEN: 't', WHATSAPP_PHONE_NUMBER_ID: 'PN-1', WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v' };
  const existing: { adapter: ChannelAdapter; tenant?: string }[] = [
    { adapter: new TelegramAdapter({ tenant: main, token: '111:ENV' }), tenant: main },
    { adapter: whatsAppFromEnv(env, { tenant: main })!, tenant: main },
  ];
  const { lines, log } = recorder();
  const built = storedAccountAdapters(stored, {
    channels: defaultChannels, existing, log,
    context: factoryContext(app.config, { WHATSAPP_API_ROOT: 'http://127.0.0.1:1/v1', PUBLIC_URL: 'https://campanile.example' }),
  });
  const summary = built.map(({ adapter, tenant }) => ({
    tenant, channel: adapter.channel, account: adapter.account,
    paths: [...new Set((adapter.routes ?? []).filter((r) => r.path.startsWith('/webhooks')).map((r) => r.path))],
    ...(adapter instanceof TelegramAdapter ? { webhookPath: adapter.webhookPath } : {}),
  }));
  t.same(summary, [
    // Webhook mode: the account has a webhook secret and PUBLIC_URL is set.
    { tenant: main, channel: 'telegram', account: 'eventi', paths: [`/webhooks/telegram/${main}/eventi`], webhookPath: `/webhooks/telegram/${main}/eventi` },
    { tenant: main, channel: 'whatsapp', account: 'secondo', paths: [`/webhooks/whatsapp/${main}/secondo`] },
    // Long polling (no webhook secret): no route, but the path it would use is its own.
    { tenant: 'altro', channel: 'telegram', account: 'default', paths: [], webhookPath: '/webhooks/telegram/altro' },
    { tenant: 'altro', channel: 'whatsapp', account: 'default', paths: ['/webhooks/whatsapp/altro'] },
  ]);
  t.ok(built.every(({ adapter }) => adapter instanceof TelegramAdapter || adapter instanceof WhatsAppAdapter));
  t.equal((built[0]!.adapter as TelegramAdapter).tenant, main);
  const secondo = built[1]!.adapter as WhatsAppAdapter;
  t.equal(secondo.budget.limit, 1000, "the account's messaging tier sets its daily budget");
  t.same(secondo.capabilities.rateLimits.perAccount, { count: 20, perMs: 1000 }, 'and its messages per second');
  t.equal((built[3]!.adapter as WhatsAppAdapter).budget.limit, 250, 'without a tier: 250, the tier of a new number');
  const warnings = lines.filter((l) => l.startsWith('WARN'));
  t.same(warnings, [
    `WARN stored telegram account "default" of tenant "${main}" skipped: an adapter with this tenant and account name is already configured (environment)`,
    'WARN stored telegram account "rotto" of tenant "altro" skipped: the secret "token" is not set',
    'WARN stored telegram account "doppio" of tenant "altro" skipped: the same bot is already configured (environment or another account)',
    'WARN stored whatsapp account "incompleto" of tenant "altro" skipped: missing "appSecret", "verifyToken"',
    'WARN stored whatsapp account "stesso-numero" of tenant "altro" skipped: the same phone number id is already configured (environment or another account)',
  ]);
  const allPaths = [...existing, ...built].flatMap(({ adapter }) => (adapter.routes ?? []).map((r) => `${r.method} ${r.path}`));
  t.equal(new Set(allPaths).size, allPaths.length, 'no two routes clash');
});

t.test('a database not migrated yet has no stored accounts', async (t) => {
  const config = loadConfig({ SQLITE_PATH: ':memory:', DATA_DIR: '/tmp/campanile-test' });
  const db = await openDatabase({ sqlitePath: config.sqlitePath, entities: coreEntities, migrations: [] });
  t.teardown(() => db.close());
  t.same(await readStoredAccounts(db), []);
});
