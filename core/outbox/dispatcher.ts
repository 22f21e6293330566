import debug from 'debug';
import { WakeablePause } from '../channel/sleep.js';

const log = debug('campanile:dispatcher');

/** What a dispatcher loop is made of; each is a plain function so tests can drive it. */
export interface DispatcherOptions<T> {
  /** Leases the next batch; `[]` when nothing is due. */
  readonly claim: () => Promise<readonly T[]>;
  /** Hands a batch over; resolves when the loop may claim again (the sender's backpressure). */
  readonly deliver: (batch: readonly T[]) => Promise<void>;
  /** Told about a failed claim or delivery; the loop goes on after the poll interval. Must not throw. */
  readonly onError: (error: unknown) => void;
  /** A claim of this many rows is "full": the loop claims again at once. */
  readonly batchSize: number;
  /** Sleep after an empty (or partial) claim; `notify()` cuts it short. */
  readonly pollIntervalMs: number;
}

/**
 * The small claim → deliver loop (style rule 12): an empty claim waits for the poll interval, a full
 * claim goes again, `notify()` cuts the sleep short (new rows planned in this process), `stop()` awaits
 * the running iteration. Shaped like pg-boss's and graphile-worker's workers.
 *
 * @example
 * const loop = new Dispatcher({ claim, deliver, onError: (e) => log.error(e), batchSize: 500, pollIntervalMs: 1000 });
 * loop.start();
 * loop.notify(); await loop.stop();
 */
export class Dispatcher<T> {
  private running: Promise<void> | undefined;
  private stopping = false;
  /** The loop's pause between rounds, ended early by `notify`/`stop`. */
  private readonly idle = new WakeablePause();
  private notified = false;

  constructor(private readonly options: DispatcherOptions<T>) {}

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** Claims again now instead of at the end of the sleep. */
  notify(): void {
    this.notified = true;
    this.idle.wake();
  }

  /** Stops after the running iteration (its delivery handed over) and resolves then. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.idle.wake();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let full = false;
      try {
        this.notified = false;
        const batch = await this.options.claim();
        if (batch.length > 0) {
          await this.options.deliver(batch);
          full = batch.length >= this.options.batchSize;
        }
      } catch (error) {
        // Must not throw: a failed claim (database restarting) is retried after the poll interval.
        log('iteration failed: %O', error);
        try { this.options.onError(error); } catch { /* the handler must not stop the loop */ }
      }
      if (!full && !this.notified && !this.stopping) await this.idle.pause(this.options.pollIntervalMs);
      // Yield to the event loop between iterations: with a zero-latency channel and SQLite (synchronous
      // underneath) the loop is all microtasks and would starve timers (flush delays, heartbeats) and I/O.
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
