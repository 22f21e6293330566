import { TelegramAdapter } from '../../adapters/telegram/index.js';
import { WhatsAppAdapter, type WhatsAppAdapterOptions } from '../../adapters/whatsapp/index.js';
import { ChannelAccount, type ChannelAdapter, type Database, type Logger } from '../../core/index.js';

/** One active channel account as stored by the admin API, with its tenant's slug. */
export interface StoredAccount {
  readonly id: number;
  readonly tenant: string;
  readonly channel: string;
  readonly name: string;
  readonly config: Readonly<Record<string, unknown>>;
}

type BoundAdapter = { adapter: ChannelAdapter; tenant?: string };

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
  /** Adapters already configured (the default tenant's from the environment): duplicates are skipped. */
  readonly existing?: readonly BoundAdapter[];
  /** Shared settings: `TELEGRAM_API_ROOT`, `TELEGRAM_RATE`, `PUBLIC_URL`, `WHATSAPP_API_ROOT`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly log?: Pick<Logger, 'warn' | 'info'>;
  /** Extra WhatsApp options per account (the inbound media sink). */
  readonly whatsApp?: (account: StoredAccount) => Partial<WhatsAppAdapterOptions>;
  /** Told why an account was skipped (the warning's reason), e.g. to show it in the API's answer. */
  readonly onSkip?: (account: StoredAccount, reason: string) => void;
}

/**
 * One adapter per stored account, bound to its tenant: a Telegram bot at `/webhooks/telegram/<tenant>`
 * (`/<account>` when not `default`), a WhatsApp number at `/webhooks/whatsapp/<tenant>[/<account>]`.
 * Accounts with an invalid configuration, and accounts that duplicate an adapter already configured
 * (same tenant and account name, same bot token, same phone number id), are skipped with a warning.
 * `LiveAccounts` (live-accounts.ts) calls it per account, at start and whenever an account changes.
 *
 * @example
 * const adapters = [...configuredAdapters(config, process.env)];
 * adapters.push(...storedAccountAdapters(await loadStoredAccounts(config), { existing: adapters, env: process.env, log }));
 */
export function storedAccountAdapters(accounts: readonly StoredAccount[], options: StoredAdapterOptions = {}): BoundAdapter[] {
  const env = options.env ?? {};
  const taken = new Set<string>();
  const keys = (channel: string, tenant: string | undefined, account: string, secret: string | undefined) =>
    [`${channel}|${tenant ?? '*'}|${account}`, ...(secret ? [`${channel}#${secret}`] : [])];
  for (const { adapter, tenant } of options.existing ?? []) {
    const bound = tenant ?? (adapter as { tenant?: string }).tenant;
    const secret = adapter instanceof TelegramAdapter ? String(adapter.bot) : adapter instanceof WhatsAppAdapter ? adapter.phoneNumberId : undefined;
    for (const key of keys(adapter.channel, bound, adapter.account, secret)) taken.add(key);
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
    const text = (key: string) => (typeof account.config[key] === 'string' && (account.config[key] as string).trim() ? (account.config[key] as string).trim() : undefined);
    const suffix = account.name === 'default' ? account.tenant : `${account.tenant}/${account.name}`;
    let adapter: ChannelAdapter;
    let secret: string;
    try {
      if (account.channel === 'telegram') {
        const token = text('token');
        if (!token) { skip('the secret "token" is not set'); continue; }
        const webhookSecret = text('webhookSecret');
        const publicUrl = env.PUBLIC_URL?.trim();
        const rate = env.TELEGRAM_RATE ? Number(env.TELEGRAM_RATE) : undefined;
        secret = token.split(':')[0] ?? token;
        adapter = new TelegramAdapter({
          tenant: account.tenant,
          account: account.name,
          token,
          // Webhook mode needs both a public URL and the account's webhook secret; otherwise long polling.
          mode: webhookSecret && publicUrl ? 'webhook' : 'polling',
          ...(webhookSecret && publicUrl ? { webhook: { publicUrl, secret: webhookSecret } } : {}),
          ...(env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT.replace(/\/+$/, '') } : {}),
          ...(rate && rate > 0 ? { ratePerSecond: rate } : {}),
        });
      } else if (account.channel === 'whatsapp') {
        const missing = ['accessToken', 'appSecret', 'verifyToken', 'phoneNumberId'].filter((key) => !text(key));
        if (missing.length) { skip(`missing ${missing.map((key) => `"${key}"`).join(', ')}`); continue; }
        secret = text('phoneNumberId')!;
        adapter = new WhatsAppAdapter({
          token: text('accessToken')!,
          phoneNumberId: secret,
          appSecret: text('appSecret')!,
          verifyToken: text('verifyToken')!,
          tenant: account.tenant,
          account: account.name,
          webhookPath: `/webhooks/whatsapp/${suffix}`,
          ...(env.WHATSAPP_API_ROOT ? { apiRoot: env.WHATSAPP_API_ROOT } : {}),
          // The number's tier and throughput, as the comune set them on the account (schema: whole numbers).
          ...(text('dailyRecipients') ? { dailyRecipients: Number(text('dailyRecipients')) } : {}),
          ...(text('messagesPerSecond') ? { messagesPerSecond: Number(text('messagesPerSecond')) } : {}),
          ...options.whatsApp?.(account),
        });
      } else {
        skip('unknown channel');
        continue;
      }
    } catch (error) {
      skip(error instanceof Error ? error.message : String(error));
      continue;
    }
    const ownKeys = keys(account.channel, account.tenant, account.name, secret);
    const clash = ownKeys.find((key) => taken.has(key));
    if (clash) {
      skip(clash.includes('#')
        ? `the same ${account.channel === 'telegram' ? 'bot' : 'phone number id'} is already configured (environment or another account)`
        : 'an adapter with this tenant and account name is already configured (environment)');
      continue;
    }
    for (const key of ownKeys) taken.add(key);
    built.push({ adapter, tenant: account.tenant });
    options.log?.info(where, `stored ${account.channel} account "${account.name}" of tenant "${account.tenant}" enabled`);
  }
  return built;
}
