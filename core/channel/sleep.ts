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

/**
 * A loop's pause that something else can end early: the loop waits with `pause(ms)`, and `wake()` (a
 * new row to claim, a stop, a released lease) resumes it at once. Waking when nobody waits does nothing.
 *
 * @example
 * const idle = new WakeablePause();
 * while (running) { await work(); await idle.pause(1000); } // elsewhere: idle.wake();
 */
export class WakeablePause {
  private wakeNow: (() => void) | undefined;

  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        if (self.wakeNow === done) self.wakeNow = undefined;
        resolve();
      }
      this.wakeNow = done;
    });
  }

  wake(): void {
    this.wakeNow?.();
  }
}
