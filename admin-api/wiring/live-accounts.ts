import createDebug from 'debug';
import { type AdapterStopReason, type Campanile, type ChannelAdapter, type FactoryEnv, type Logger } from '../../core/internal.js';
import { factoryContext } from './adapters.js';
import { readStoredAccounts, storedAccountAdapters, type StoredAccount } from './stored-accounts.js';

const debug = createDebug('campanile:channel-accounts');

/** Whether a stored account runs in this process, and if not, why. */
export interface AccountStatus {
  readonly running: boolean;
  readonly problem?: string;
}

/**
 * What the channel said when asked whether the account works: `reachable` false with the channel's
 * `problem`, true with its `identity`; absent when the channel has nothing to ask.
 */
export interface AccountCheck extends AccountStatus {
  readonly reachable?: boolean;
  readonly identity?: string;
}

/** A check that hangs (the channel unreachable) answers within this time. */
const CHECK_TIMEOUT_MS = 10_000;

export interface LiveAccountsOptions {
  /** Shared settings the factories read (`TELEGRAM_API_ROOT`, `TELEGRAM_RATE`, `PUBLIC_URL`, `WHATSAPP_API_ROOT`). */
  readonly env?: FactoryEnv;
  readonly log: Pick<Logger, 'warn' | 'info' | 'error'>;
  /** How often to compare the table with what runs (other processes' changes); default 10 s, 0: never. */
  readonly pollMs?: number;
}

interface Running {
  readonly fingerprint: string;
  readonly channel: string;
  readonly name: string;
  readonly tenant: string;
  readonly adapter?: ChannelAdapter;
  readonly problem?: string;
  /** It did not start (the channel refused or was unreachable): tried again at every sync. */
  readonly failedStart?: boolean;
}

/**
 * Keeps the stored channel accounts running as the table says, without a restart: `sync()` reads every
 * active account, detaches the adapters of accounts deleted, deactivated or changed, and attaches adapters
 * for new or changed ones (built by `storedAccountAdapters` from `campanile.channels`, so the checks against the environment's
 * adapters and other accounts are the same as at start). The admin API calls `sync()` after each write;
 * a timer calls it every `pollMs` so that other processes on the same database follow within that time.
 * Polling rather than cluster signals: signals are at most once, the table is the truth, and a few rows
 * read every 10 s cost nothing. An account that does not start (a wrong token, Telegram unreachable) is
 * reported by `status` and tried again at every sync, warning again only when the reason changes; one
 * that cannot be built (a missing secret, a clash) waits until its row changes.
 *
 * @example
 * const live = new LiveAccounts(campanile, { env: process.env, log });
 * await live.start();
 * const status = await live.sync().then(() => live.status(accountId));
 */
export class LiveAccounts {
  private readonly running = new Map<number, Running>();
  /** The last start failure per account, so a retry failing the same way does not warn again. */
  private readonly failures = new Map<number, string>();
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly campanile: Campanile, private readonly options: LiveAccountsOptions) {}

  /** Attaches every active account, then polls. */
  async start(): Promise<void> {
    await this.sync();
    const every = this.options.pollMs ?? 10_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.sync().catch((error: unknown) => this.options.log.error({ err: error }, 'channel accounts not synchronised')), every);
      this.timer.unref();
    }
  }

  /**
   * Stops polling and detaches the accounts' adapters as a shutdown: the accounts stay, so the adapters
   * keep what the channel holds for them (a Telegram webhook survives a restart).
   */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.serial(async () => {
      for (const id of [...this.running.keys()]) await this.detach(id, 'shutdown');
    });
  }

  /** Whether the account runs here; undefined for an account not stored or not active. */
  status(accountId: number): AccountStatus | undefined {
    const entry = this.running.get(accountId);
    if (!entry) return undefined;
    return entry.adapter ? { running: true } : { running: false, problem: entry.problem ?? 'not started' };
  }

  /**
   * Asks the channel whether the account's credentials work now (`checkConnection`: Telegram's getMe,
   * the page or number on the Graph API, a Bot Framework token). Undefined for an account not stored or
   * not active; an account that does not run says why, without asking the channel.
   */
  async check(accountId: number): Promise<AccountCheck | undefined> {
    const entry = this.running.get(accountId);
    if (!entry) return undefined;
    if (!entry.adapter) return { running: false, problem: entry.problem ?? 'not started' };
    if (!entry.adapter.checkConnection) return { running: true };
    const answer = await entry.adapter.checkConnection(AbortSignal.timeout(CHECK_TIMEOUT_MS)).catch((error: unknown) =>
      ({ ok: false as const, problem: error instanceof Error ? error.message : String(error) }));
    return answer.ok ? { running: true, reachable: true, identity: answer.identity } : { running: true, reachable: false, problem: answer.problem };
  }

  /** Makes the running adapters match the table (one sync at a time). */
  sync(): Promise<void> {
    return this.serial(() => this.reconcile());
  }

  private serial(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async reconcile(): Promise<void> {
    const accounts = await readStoredAccounts(this.campanile.db);
    const wanted = new Map(accounts.map((account) => [account.id, account]));
    for (const [id, entry] of this.running) {
      const account = wanted.get(id);
      // Deleted, deactivated or changed: the adapter undoes its channel-side registration (a changed
      // account is attached again below and registers anew).
      if (!account || fingerprint(account) !== entry.fingerprint || entry.failedStart) await this.detach(id, 'detach');
    }
    // Oldest first, as at start: of two accounts with the same bot, the older one runs.
    for (const account of accounts) if (!this.running.has(account.id)) await this.attach(account);
  }

  private async attach(account: StoredAccount): Promise<void> {
    const earlier = this.failures.get(account.id);
    this.failures.delete(account.id);
    let problem: string | undefined;
    const [built] = storedAccountAdapters([account], {
      channels: this.campanile.channels,
      context: factoryContext(this.campanile.config, this.options.env ?? {}),
      existing: this.campanile.adapters.bindings(),
      // A retry of an account that did not start: no second "enabled" line every 10 s.
      log: earlier ? { warn: this.options.log.warn.bind(this.options.log), info: () => undefined } : this.options.log,
      onSkip: (_account, reason) => { problem = reason; },
    });
    const base = { fingerprint: fingerprint(account), channel: account.channel, name: account.name, tenant: account.tenant };
    if (!built) {
      this.running.set(account.id, { ...base, problem: problem ?? 'not started' });
      return;
    }
    try {
      await this.campanile.attachAdapter(built.adapter, { tenant: account.tenant });
      this.running.set(account.id, { ...base, adapter: built.adapter });
      debug('account %d (%s %s of %s) attached', account.id, account.channel, account.name, account.tenant);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const problem = `did not start: ${reason}`;
      this.running.set(account.id, { ...base, problem, failedStart: true });
      this.failures.set(account.id, problem);
      if (earlier === problem) return; // the same failure as at the last sync: already said
      this.options.log.warn({ accountId: account.id, tenant: account.tenant, channel: account.channel, account: account.name, err: error },
        `stored ${account.channel} account "${account.name}" of tenant "${account.tenant}" did not start (tried again every sync): ${reason}`);
    }
  }

  private async detach(id: number, reason: AdapterStopReason): Promise<void> {
    const entry = this.running.get(id);
    this.running.delete(id);
    if (!entry?.adapter) return;
    await this.campanile.detachAdapter(entry.channel, entry.name, entry.tenant, { reason });
    debug('account %d detached', id);
  }
}

/** What decides whether a running adapter still matches its row (secrets included, kept in memory only). */
function fingerprint(account: StoredAccount): string {
  const config = Object.fromEntries(Object.entries(account.config).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify([account.tenant, account.channel, account.name, config]);
}

