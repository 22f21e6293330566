import { NO_FLOOR, type ClaimFloorKey, type ClaimedDelivery } from '../storage/sql/claim-deliveries.js';

/**
 * How often a lane claims from its head instead of from its floor. Rows below the floor — a transient
 * retry or a rate-limit put-back come due, a row another process's reaper returned, a planning chunk that
 * committed after a later one — wait at most this long (plus the claim's own time); more urgent rows never
 * wait (the claim reads them first, see claim-deliveries.ts). On PostgreSQL a head claim in the tail of a
 * 1M broadcast costs up to ~60 ms, so once a second is ≤ 6% of the lane's time instead of 100%.
 */
export const HEAD_CLAIM_INTERVAL_MS = 1000;

/**
 * A lane's keyset floor: the `(priority, id)` of the last row it claimed, so the next claim starts its
 * index scan there instead of walking the dead index entries of every row already claimed (see
 * core/storage/sql/claim-deliveries.ts). The floor is dropped — the next claim starts at the head — when
 * a claim comes back short (the range past the floor is used up: before the lane idles, it looks at the
 * whole lane once), when rows of the lane are reaped back, and every `HEAD_CLAIM_INTERVAL_MS`.
 *
 * @example
 * const floor = new ClaimFloor();
 * const rows = await claimDeliveries(sql, { lane, worker, limit, now, after: floor.next(performance.now()) });
 * floor.claimed(rows, limit);
 */
export class ClaimFloor {
  private key: ClaimFloorKey | null = null;
  private headAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly headIntervalMs = HEAD_CLAIM_INTERVAL_MS) {}

  /** Where the next claim starts (`NO_FLOOR`: at the head). `now` is a monotonic clock in ms. */
  next(now: number): ClaimFloorKey {
    if (this.key === null || now - this.headAt >= this.headIntervalMs) {
      this.headAt = now;
      return NO_FLOOR;
    }
    return this.key;
  }

  /** Records a claim's rows (sorted by priority, id): a full claim moves the floor, a short one drops it. */
  claimed(rows: readonly ClaimedDelivery[], limit: number): void {
    const last = rows[rows.length - 1];
    this.key = rows.length >= limit && last ? { priority: last.priority, id: last.id } : null;
  }

  /** Rows of the lane came back to the queue (reaped): the next claim starts at the head. */
  reset(): void {
    this.key = null;
  }
}
