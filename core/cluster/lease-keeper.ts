import createDebug from 'debug';
import { TypedEmitter } from '../engine/typed-emitter.js';
import type { AdapterLogger } from '../channel/channel-adapter.js';
import type { ClusterSignals, Unsubscribe } from './cluster-signals.js';
import type { Lease, Leases } from './leases.js';
import { WakeablePause } from '../channel/sleep.js';

const debug = createDebug('campanile:lease');

/** Topic on which a keeper tells the other processes' keepers that it released a lease (they try at once). */
export const LEASE_RELEASED_TOPIC = 'lease-released';

/** Why the work stops: the lease was `lost` (stop at once, hand nothing over) or the keeper `stop`s. */
export type LeaseEndReason = 'lost' | 'stop';

/** What a keeper does, for tests and logs. */
export interface LeaseKeeperEvents {
  'lease:acquired': [key: string];
  'lease:standby': [key: string];
  'lease:lost': [key: string];
  'lease:released': [key: string];
}

/**
 * Options of {@link LeaseKeeper}. Takeover after a holder dies takes at most `ttlMs + retryMs`
 * (≤ 2 × `ttlMs`); after a clean stop, one `retryMs`, or at once where `signals` reach the others.
 *
 * @example
 * { leases: runtime.leases, key: `polling:${botId}`, ttlMs: 30_000, log, onAcquired: () => poll(), onReleased: () => stopPolling() }
 */
export interface LeaseKeeperOptions {
  readonly leases: Leases;
  readonly key: string;
  /** How long a lease lasts unless renewed: how long a dead holder blocks the others. */
  readonly ttlMs: number;
  /** Renewal period while holding (default a third of `ttlMs`: two renewals may fail before it ends). */
  readonly renewMs?: number;
  /** Acquire period while standing by (default a third of `ttlMs`; at most `ttlMs`). */
  readonly retryMs?: number;
  /** Tell the other processes on release and hear theirs, so a standby takes over at once (optional). */
  readonly signals?: ClusterSignals;
  readonly log: AdapterLogger;
  /** The lease is ours: start the work. A throw gives the lease up (tried again after `retryMs`). */
  readonly onAcquired: () => void | Promise<void>;
  /** The lease ends: stop the work. On `stop` the lease is released only after this resolves. */
  readonly onReleased: (reason: LeaseEndReason) => void | Promise<void>;
}

/**
 * Keeps one lease for a piece of work that must run in exactly one process (Telegram polling): tries to
 * acquire it, runs the work while holding it, renews it periodically, stops the work at once when a
 * renewal fails or finds another holder, and stands by (trying again every `retryMs`) while another
 * process holds it. `stop()` stops the work first and then releases the lease, so the next holder starts
 * after the last batch was confirmed. All state changes happen in one loop: no two steps overlap.
 *
 * @example
 * const keeper = new LeaseKeeper({ leases, key: 'polling:123', ttlMs: 30_000, log, onAcquired: () => polling.start(), onReleased: () => polling.stop() });
 * await keeper.start(); // the first attempt is made before this resolves
 * await keeper.stop();
 */
export class LeaseKeeper {
  readonly events = new TypedEmitter<LeaseKeeperEvents>();
  private readonly renewMs: number;
  private readonly retryMs: number;
  private lease: Lease | undefined;
  private stopped = true;
  private standingBy = false;
  private loop: Promise<void> | undefined;
  private first: Promise<void> | undefined;
  /** The loop's pause between attempts, ended early by `stop` or a released lease. */
  private readonly idle = new WakeablePause();
  private unsubscribe: Unsubscribe | undefined;

  constructor(private readonly options: LeaseKeeperOptions) {
    const { ttlMs } = options;
    if (!(ttlMs > 0)) throw new Error(`LeaseKeeper: ttlMs must be a positive number of ms (got ${ttlMs}), e.g. 30000.`);
    this.renewMs = options.renewMs ?? Math.max(1, Math.floor(ttlMs / 3));
    this.retryMs = options.retryMs ?? Math.max(1, Math.floor(ttlMs / 3));
    if (!(this.renewMs > 0 && this.renewMs < ttlMs)) throw new Error(`LeaseKeeper: renewMs (${this.renewMs}) must be below ttlMs (${ttlMs}), e.g. a third of it, or the lease ends between renewals.`);
    if (!(this.retryMs > 0 && this.retryMs <= ttlMs)) throw new Error(`LeaseKeeper: retryMs (${this.retryMs}) must be at most ttlMs (${ttlMs}), so a standby takes over within 2 × ttlMs.`);
  }

  /** Whether this process holds the lease (and so runs the work) now. */
  get holding(): boolean {
    return this.lease !== undefined;
  }

  /** Starts trying; resolves after the first attempt (so the first process to start runs the work at once). */
  start(): Promise<void> {
    if (!this.stopped) return this.first ?? Promise.resolve();
    this.stopped = false;
    this.standingBy = false;
    // One chain, so a stop() during start waits for the first attempt and then ends what it started.
    this.first = this.listen().then(() => this.attempt());
    this.loop = this.first.then(() => this.run());
    return this.first;
  }

  /** Stops the work (awaiting `onReleased('stop')`), then releases the lease for the next holder. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.idle.wake();
    await this.loop;
    this.loop = undefined;
    this.first = undefined;
    await this.unsubscribe?.().catch(() => undefined);
    this.unsubscribe = undefined;
    const lease = this.lease;
    this.lease = undefined;
    if (!lease) return;
    await this.end(lease, 'stop');
    await this.options.signals?.publish(LEASE_RELEASED_TOPIC, { key: this.options.key }).catch((error: unknown) => debug('release not published: %s', error));
  }

  private async listen(): Promise<void> {
    if (!this.options.signals) return;
    this.unsubscribe = await this.options.signals
      .subscribe(LEASE_RELEASED_TOPIC, (payload) => {
        if (!this.lease && (payload as { key?: unknown } | null)?.key === this.options.key) this.idle.wake();
      })
      .catch((error: unknown) => {
        this.options.log.warn({ err: error, key: this.options.key }, 'lease releases of other processes not heard: taking over after retryMs only');
        return undefined;
      });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await this.idle.pause(this.lease ? this.renewMs : this.retryMs);
      if (this.stopped) break;
      if (this.lease) await this.renew(this.lease);
      else await this.attempt();
    }
  }

  private async attempt(): Promise<void> {
    const { leases, key, ttlMs, log } = this.options;
    let lease: Lease | undefined;
    try {
      lease = await leases.acquire(key, ttlMs);
    } catch (error) {
      log.warn({ err: error, key }, 'lease not acquired: the database failed; trying again');
      return;
    }
    if (!lease) {
      if (!this.standingBy) {
        log.info({ key, retryMs: this.retryMs }, 'another process holds the lease: standing by');
        this.events.emit('lease:standby', key);
      }
      this.standingBy = true;
      return;
    }
    this.standingBy = false;
    if (this.stopped) {
      // stop() came while acquiring: give it back untouched.
      await lease.release().catch(() => undefined);
      return;
    }
    this.lease = lease;
    log.info({ key, holder: leases.holder, ttlMs }, 'lease acquired');
    this.events.emit('lease:acquired', key);
    try {
      await this.options.onAcquired();
    } catch (error) {
      log.error({ err: error, key }, 'the work did not start: lease given up, trying again');
      this.lease = undefined;
      await this.end(lease, 'lost');
    }
  }

  private async renew(lease: Lease): Promise<void> {
    const { key, log } = this.options;
    let renewed = false;
    try {
      renewed = await lease.renew();
    } catch (error) {
      // Unknown whether the row still names us: stop rather than risk two processes at work.
      log.warn({ err: error, key }, 'lease not renewed (database error): work stopped until the lease is acquired again');
    }
    if (renewed) {
      debug('%s renewed', key);
      return;
    }
    this.lease = undefined;
    log.warn({ key }, 'lease lost: another process holds it now; work stopped');
    this.events.emit('lease:lost', key);
    await this.end(lease, 'lost');
  }

  /** Stops the work, then gives the lease up (fenced: a lost one deletes nothing). Must not throw. */
  private async end(lease: Lease, reason: LeaseEndReason): Promise<void> {
    const { key, log } = this.options;
    try {
      await this.options.onReleased(reason);
    } catch (error) {
      log.error({ err: error, key, reason }, 'the work did not stop cleanly');
    }
    try {
      await lease.release();
    } catch (error) {
      log.warn({ err: error, key }, 'lease not released (the database failed): the others take over when it expires');
    }
    if (reason === 'stop') {
      log.info({ key }, 'lease released');
      this.events.emit('lease:released', key);
    }
  }
}
