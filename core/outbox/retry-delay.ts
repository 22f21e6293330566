/**
 * Exponential backoff with full jitter for transient failures: attempt 1 waits ~base, attempt 2 ~2×base,
 * … up to `max`, each multiplied by a random factor in [0.5, 1.5) so that thousands of rows failed by
 * one channel outage do not come back in the same millisecond.
 *
 * @example
 * retryDelay(1, 1000, 60_000); // 500–1500 ms
 * retryDelay(10, 1000, 60_000); // 30–60 s (capped)
 */
export function retryDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.min(maxMs, Math.round(exponential * (0.5 + random())));
}
