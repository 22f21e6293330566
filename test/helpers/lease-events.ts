import type { LeaseKeeper, LeaseKeeperEvents } from '../../core/internal.js';

/**
 * The next time a lease keeper emits `event` (fails instead of hanging).
 *
 * @example
 * await nextLeaseEvent(keeper, 'lease:acquired');
 */
export function nextLeaseEvent(keeper: LeaseKeeper, event: keyof LeaseKeeperEvents, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    const off = keeper.events.on(event, () => {
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
