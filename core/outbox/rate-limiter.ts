import type { RateLimit } from '../channel/capabilities.js';

/**
 * A smooth rate limiter (GCRA with no burst): grants are spaced at least `perMs / count` apart, measured
 * on the time each grant actually happened, so no sliding window of `perMs` ever holds more than
 * `count` grants. A fixed window (p-queue's `intervalCap`) lets 2× the cap through across a window edge
 * (stack.md trap #9): Telegram answers that with 429s.
 *
 * Cost: timer lateness (~1 ms per wait) lowers the achieved rate slightly below the cap (~3% at 30/s);
 * grants that need no wait are synchronous, so a 1,000,000/s fake channel does not pay for timers.
 *
 * @example
 * const limiter = new RateLimiter({ count: 30, perMs: 1000 });
 * await limiter.acquire();   // at most 30 per second, evenly spaced
 * limiter.delay(Date.now()); // ms until the next grant (0 = now)
 */
export class RateLimiter {
  private readonly intervalMs: number;
  /** Theoretical arrival time of the next grant (GCRA's TAT). */
  private nextAt = 0;

  constructor(limit: RateLimit, private readonly clock: () => number = performanceNow) {
    if (!(limit.count > 0 && limit.perMs > 0)) throw new Error(`Rate limit ${JSON.stringify(limit)} is invalid: count and perMs must be positive.`);
    this.intervalMs = limit.perMs / limit.count;
  }

  /** Ms to wait before the next grant; 0 when a grant is possible now. */
  delay(now = this.clock()): number {
    return Math.max(0, this.nextAt - now);
  }

  /** Takes a grant if one is available now; true on success. */
  tryTake(now = this.clock()): boolean {
    if (now < this.nextAt) return false;
    this.nextAt = now + this.intervalMs;
    return true;
  }

  /** Waits for a grant; rejects if the signal aborts first. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (this.tryTake()) return;
      await sleep(Math.max(1, Math.ceil(this.delay())), signal);
    }
  }

  /** Pushes the next grant to `now + ms` (a channel said "retry after"). */
  pause(ms: number, now = this.clock()): void {
    this.nextAt = Math.max(this.nextAt, now + ms);
  }
}

function performanceNow(): number {
  return performance.now();
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
