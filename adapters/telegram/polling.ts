import createDebug from 'debug';
import { GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import { LeaseKeeper, type AdapterLogger, type AdapterRuntime } from '../../core/index.js';
import { ALLOWED_UPDATES } from './mapping.js';
import type { TelegramApi } from './telegram-api.js';

const debug = createDebug('campanile:telegram:polling');

/**
 * The getUpdates loop of polling mode. Each batch is handled concurrently (the engine keeps each
 * conversation in order) and acknowledged only after it was handled, by asking for the next offset:
 * a crash re-delivers the batch, and the engine's processed-event table drops what was already done.
 * `stop()` aborts the held long poll and waits for the batch in hand. Only one process may run it per
 * bot (Telegram answers a second poller with 409): the adapter starts it while it holds the polling lease.
 *
 * @example
 * const polling = new TelegramPolling(api, (updates) => handle(updates), log);
 * polling.start();
 * await polling.stop();
 */
export class TelegramPolling {
  private offset: number | undefined;
  private abort = new AbortController();
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly api: TelegramApi,
    private readonly handle: (updates: readonly Update[]) => Promise<void>,
    private readonly log: AdapterLogger,
    private readonly timeoutSeconds = 25,
  ) {}

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.abort = new AbortController();
    this.running = this.loop();
  }

  /**
   * Aborts the held poll and waits for the batch in hand. `confirm: false` when the polling lease was
   * lost: another process polls now, and one more getUpdates from here would end its held poll with 409;
   * it receives the unconfirmed batch again and the processed-event table drops the duplicates.
   */
  async stop(options: { confirm?: boolean } = {}): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.running;
    this.running = undefined;
    // Confirm the last handled batch, so a restart does not receive it again (as grammY's bot.stop does).
    if (options.confirm !== false && this.offset !== undefined) {
      await this.api.direct('getUpdates', { offset: this.offset, limit: 1, timeout: 0 }).catch(() => undefined);
    }
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let updates: Update[];
      try {
        updates = await this.api.direct<Update[]>(
          'getUpdates',
          { timeout: this.timeoutSeconds, allowed_updates: [...ALLOWED_UPDATES], ...(this.offset !== undefined ? { offset: this.offset } : {}) },
          this.abort.signal,
        );
        failures = 0;
      } catch (error) {
        if (this.stopped) break;
        failures += 1;
        const waitMs = this.backoff(error, failures);
        if (waitMs === undefined) return;
        await this.sleep(waitMs);
        continue;
      }
      if (updates.length === 0) continue;
      debug('%d updates', updates.length);
      await this.handle(updates).catch((error: unknown) => this.log.error({ err: error }, 'telegram updates could not be handled'));
      this.offset = Math.max(...updates.map((u) => u.update_id)) + 1;
    }
  }

  /** How long to wait after a failed poll; undefined stops the loop (the token is wrong). */
  private backoff(error: unknown, failures: number): number | undefined {
    if (error instanceof GrammyError) {
      if (error.error_code === 401 || error.error_code === 404) {
        this.log.error({ code: error.error_code }, 'Telegram refused the bot token: polling stopped. Check TELEGRAM_BOT_TOKEN with @BotFather.');
        return undefined;
      }
      if (error.error_code === 429) return Math.max(1, error.parameters.retry_after ?? 1) * 1000;
      if (error.error_code === 409) {
        this.log.warn({ description: error.description }, 'another instance polls this bot, or a webhook is set: retrying in 5 s');
        return 5000;
      }
    }
    this.log.warn({ err: error, failures }, 'getUpdates failed; retrying');
    return Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.abort.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  }
}

/** What {@link pollingKeeper} needs: the runtime's leases and signals, the bot, the lease timings. */
export interface PollingKeeperOptions {
  readonly runtime: Pick<AdapterRuntime, 'leases' | 'signals' | 'log'>;
  readonly botId: number;
  /** For the log lines only. */
  readonly username: string | undefined;
  readonly lease?: { readonly ttlMs?: number; readonly renewMs?: number; readonly retryMs?: number };
}

/**
 * The keeper of the polling lease `telegram:polling:<bot id>`: every process starts the bot, only the
 * holder polls (Telegram answers two pollers with 409). Call `start()` on it.
 *
 * @example
 * const keeper = pollingKeeper(polling, { runtime, botId: 123456789, username: 'comune_esempio_bot' });
 * await keeper.start(); // polls once it holds the lease
 */
export function pollingKeeper(polling: TelegramPolling, options: PollingKeeperOptions): LeaseKeeper {
  const { runtime, lease } = options;
  const bot = options.username;
  // Keyed by the bot id, never the token; the runtime prefixes the channel.
  return new LeaseKeeper({
    leases: runtime.leases,
    key: `polling:${options.botId}`,
    ttlMs: lease?.ttlMs ?? 30_000,
    ...(lease?.renewMs ? { renewMs: lease.renewMs } : {}),
    ...(lease?.retryMs ? { retryMs: lease.retryMs } : {}),
    signals: runtime.signals,
    log: runtime.log,
    onAcquired: () => {
      polling.start();
      runtime.log.info({ bot }, 'telegram polling started');
    },
    // Lost: stop at once and confirm nothing (the new holder polls now). Stop: confirm the last batch,
    // then the keeper releases the lease, so the next holder starts after it.
    onReleased: async (reason) => {
      await polling.stop({ confirm: reason === 'stop' });
      runtime.log.info({ bot, reason }, 'telegram polling stopped');
    },
  });
}
