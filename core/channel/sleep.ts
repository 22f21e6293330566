/**
 * Waits `ms` milliseconds, or rejects with the signal's reason as soon as it aborts: the pause an
 * adapter's retry transformer or the outbox's limiter takes without outliving a stopped process.
 *
 * @example
 * await sleep(retryAfterMs, signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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
