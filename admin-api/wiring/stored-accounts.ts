import {
  ChannelAccount, checkAccountConfig, type BoundAdapter, type ChannelAdapter, type ChannelFactory, type ChannelFactoryContext, type Database, type Logger,
} from '../../core/internal.js';

/** One active channel account as stored by the admin API, with its tenant's slug. */
export interface StoredAccount {
  readonly id: number;
  readonly tenant: string;
  readonly channel: string;
  readonly name: string;
  readonly config: Readonly<Record<string, unknown>>;
}

/** Account names become URL segments (`/webhooks/telegram/<tenant>/<account>`): the API's own pattern. */
const ACCOUNT_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Active channel accounts of every tenant (a cross-tenant read), oldest first. At the very first start
 * the table does not exist yet: then there are none.
 *
 * @example
 * const accounts = await readStoredAccounts(campanile.db);
 */
export async function readStoredAccounts(db: Database): Promise<StoredAccount[]> {
  let rows: ChannelAccount[];
  try {
    rows = await db.em.fork().find(ChannelAccount, { active: true }, { filters: { tenant: false }, populate: ['tenant'], orderBy: { id: 'asc' } });
  } catch (error) {
    if (missingTable(error)) return [];
    throw error;
  }
  return rows.map((row) => ({ id: row.id, tenant: row.tenant.slug, channel: row.channel, name: row.name, config: row.config }));
}

/** SQLite "no such table", PostgreSQL 42P01 "relation … does not exist". */
function missingTable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '42P01' || /no such table|does not exist/i.test(e?.message ?? '');
}

export interface StoredAdapterOptions {
  /** The registered channel factories: an account of a channel not among them is skipped. */
  readonly channels: readonly ChannelFactory[];
  /** What the factories are told (environment: `TELEGRAM_API_ROOT`, `PUBLIC_URL`, …; the media sink). */
  readonly context: ChannelFactoryContext;
  /** Adapters already configured (the default tenant's from the environment): duplicates are skipped. */
  readonly existing?: readonly BoundAdapter[];
  readonly log?: Pick<Logger, 'warn' | 'info'>;
  /** Told why an account was skipped (the warning's reason), e.g. to show it in the API's answer. */
  readonly onSkip?: (account: StoredAccount, reason: string) => void;
}

/**
 * One adapter per stored account, bound to its tenant, built by its channel's factory (`fromAccount`,
 * after `checkAccountConfig` against its `accountSchema`): a Telegram bot at `/webhooks/telegram/<tenant>`
 * (`/<account>` when not `default`), a WhatsApp number at `/webhooks/whatsapp/<tenant>[/<account>]`.
 * Accounts with an invalid configuration, and accounts that duplicate an adapter already configured
 * (same tenant and account name, same `identityKey`: bot, phone number id), are skipped with a warning.
 * `LiveAccounts` (live-accounts.ts) calls it per account, at start and whenever an account changes.
 *
 * @example
 * const context = factoryContext(config, process.env);
 * const existing = configuredAdapters(defaultChannels, context);
 * const built = storedAccountAdapters(await readStoredAccounts(db), { channels: defaultChannels, context, existing, log });
 */
export function storedAccountAdapters(accounts: readonly StoredAccount[], options: StoredAdapterOptions): BoundAdapter[] {
  const factories = new Map(options.channels.map((factory) => [factory.channel, factory]));
  const taken = new Set<string>();
  const keys = (channel: string, tenant: string | undefined, account: string, identity: string | undefined) =>
    [`${channel}|${tenant ?? '*'}|${account}`, ...(identity ? [`${channel}#${identity}`] : [])];
  for (const { adapter, tenant } of options.existing ?? []) {
    const bound = tenant ?? (adapter as { tenant?: string }).tenant;
    for (const key of keys(adapter.channel, bound, adapter.account, factories.get(adapter.channel)?.identityKey(adapter))) taken.add(key);
  }
  const built: BoundAdapter[] = [];
  for (const account of accounts) {
    const where = { tenant: account.tenant, channel: account.channel, account: account.name, accountId: account.id };
    const skip = (reason: string) => {
      options.log?.warn(where, `stored ${account.channel} account "${account.name}" of tenant "${account.tenant}" skipped: ${reason}`);
      options.onSkip?.(account, reason);
    };
    if (!ACCOUNT_NAME.test(account.name)) {
      skip('the account name must be lowercase letters, digits and dashes');
      continue;
    }
    const factory = factories.get(account.channel);
    if (!factory?.fromAccount) {
      skip(factory ? 'this channel has no stored accounts' : 'unknown channel (not registered in this deployment)');
      continue;
    }
    const checked = checkAccountConfig(factory, account.config);
    if ('problem' in checked) {
      skip(checked.problem);
      continue;
    }
    let adapter: ChannelAdapter;
    try {
      adapter = factory.fromAccount({ tenant: account.tenant, name: account.name, config: checked.config }, options.context);
    } catch (error) {
      skip(error instanceof Error ? error.message : String(error));
      continue;
    }
    const ownKeys = keys(account.channel, account.tenant, account.name, factory.identityKey(adapter));
    const clash = ownKeys.find((key) => taken.has(key));
    if (clash) {
      skip(clash.includes('#')
        ? `the same ${factory.identityLabel ?? 'account'} is already configured (environment or another account)`
        : 'an adapter with this tenant and account name is already configured (environment)');
      continue;
    }
    for (const key of ownKeys) taken.add(key);
    built.push({ adapter, tenant: account.tenant });
    options.log?.info(where, `stored ${account.channel} account "${account.name}" of tenant "${account.tenant}" enabled`);
  }
  return built;
}
