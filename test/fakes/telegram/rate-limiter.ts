/**
 * Telegram's message limits as sliding windows: a message is refused when accepting it would put more than
 * `limit` messages inside any window of `windowMs` ending now. Sliding, not fixed, because a fixed window lets
 * two bursts back to back pass twice the cap within one second (stack.md trap #9), and the fake must catch a
 * sender that does that.
 */
import type { Clock } from './clock.js';

/** One limit: at most `limit` messages in any `windowMs`. */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

/**
 * Accepted-message timestamps per key (the bot, a chat), checked against several limits at once.
 *
 * @example
 * const limiter = new SlidingWindowLimiter(clock);
 * const wait = limiter.check([['bot', { limit: 30, windowMs: 1000 }], ['chat:42', { limit: 1, windowMs: 1000 }]]);
 * if (wait === 0) limiter.record(['bot', 'chat:42']); else throw apiErrors.tooManyRequests(Math.ceil(wait / 1000));
 */
export class SlidingWindowLimiter {
  private readonly accepted = new Map<string, number[]>();
  private readonly longestWindow = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /**
   * Returns 0 when a message would fit every limit now, otherwise the milliseconds until it would: the moment the
   * oldest message that keeps the window full slides out.
   */
  check(limits: ReadonlyArray<readonly [key: string, limit: WindowLimit]>): number {
    const now = this.clock.now();
    let waitMs = 0;
    for (const [key, { limit, windowMs }] of limits) {
      this.longestWindow.set(key, Math.max(this.longestWindow.get(key) ?? 0, windowMs));
      const times = this.prune(key, now);
      // Timestamps are ascending; count those inside (now - windowMs, now].
      let first = times.length;
      while (first > 0 && times[first - 1]! > now - windowMs) first -= 1;
      const inWindow = times.length - first;
      if (inWindow >= limit) {
        // After times[index] leaves the window, limit - 1 remain and one more fits.
        const blocking = times[times.length - limit] ?? now;
        waitMs = Math.max(waitMs, blocking + windowMs - now);
      }
    }
    return waitMs;
  }

  /** Records one accepted message under each key. */
  record(keys: readonly string[]): void {
    const now = this.clock.now();
    for (const key of keys) {
      const times = this.accepted.get(key);
      if (times) times.push(now);
      else this.accepted.set(key, [now]);
    }
  }

  private prune(key: string, now: number): number[] {
    const times = this.accepted.get(key) ?? [];
    const horizon = now - (this.longestWindow.get(key) ?? 0);
    let drop = 0;
    while (drop < times.length && times[drop]! <= horizon) drop += 1;
    if (drop > 0) times.splice(0, drop);
    return times;
  }
}
