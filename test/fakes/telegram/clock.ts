/**
 * Clocks for the fake Telegram server. Rate windows and record timestamps read a monotonic clock, so a test can
 * swap in a manual one and move time forward instead of sleeping.
 */
import { performance } from 'node:perf_hooks';

/**
 * A monotonic millisecond clock.
 *
 * @example
 * const clock: Clock = { now: () => performance.now() };
 * clock.now(); // 1234.5
 */
export interface Clock {
  /** Milliseconds from an arbitrary origin; never goes backwards. */
  now(): number;
}

/**
 * The default clock: `performance.now()`, monotonic and immune to wall-clock jumps.
 *
 * @example
 * const fake = await createFakeTelegram({ token, clock: monotonicClock });
 */
export const monotonicClock: Clock = { now: () => performance.now() };

/**
 * A clock that only moves when told to, for deterministic rate-limit tests.
 *
 * @example
 * const clock = createManualClock();
 * const fake = await createFakeTelegram({ token, clock });
 * clock.advance(1000); // the 1-second window slides by exactly one second
 */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms` milliseconds (must be ≥ 0). */
  advance(ms: number): void;
  /** Sets the time to `ms`; throws if that would move it backwards. */
  set(ms: number): void;
}

/**
 * Creates a {@link ManualClock} starting at `startMs` (default 0).
 *
 * @example
 * const clock = createManualClock(10_000);
 * clock.advance(250);
 * clock.now(); // 10250
 */
export function createManualClock(startMs = 0): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`advance(${ms}): a monotonic clock only moves forward; pass ms >= 0`);
      current += ms;
    },
    set(ms) {
      if (ms < current) throw new RangeError(`set(${ms}) would move the clock back from ${current}; use a new clock instead`);
      current = ms;
    },
  };
}
