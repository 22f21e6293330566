import type { RateLimit } from '../channel/capabilities.js';

/**
 * The per-chat limit of a lane (Telegram ~1 msg/s per chat, WhatsApp ~1 per 6 s per user): remembers
 * when each chat may receive again. A delivery to a chat that is not ready is deferred (put back with
 * `not_before`), never waited for inside a send slot, so one busy chat cannot stall the lane.
 * Memory stays bounded: entries older than one interval are dropped (≈ rate × interval entries, about
 * 30 for Telegram's 30 msg/s and 1 s).
 *
 * @example
 * const spacing = new ChatSpacing({ count: 1, perMs: 1000 });
 * const wait = spacing.take('42', performance.now()); // 0 → send now; >0 → defer by that many ms
 */
export class ChatSpacing {
  private readonly intervalMs: number;
  private readonly nextAt = new Map<string, number>();
  private lastSweep = 0;

  constructor(limit: RateLimit) {
    this.intervalMs = limit.perMs / limit.count;
  }

  /** Ms until the chat may receive again, without taking its slot. */
  peek(chat: string, now: number): number {
    return Math.max(0, (this.nextAt.get(chat) ?? 0) - now);
  }

  /** Takes the chat's slot if free (returns 0), or returns the ms until it is. */
  take(chat: string, now: number): number {
    const next = this.nextAt.get(chat) ?? 0;
    if (now < next) return next - now;
    this.nextAt.delete(chat); // re-insert at the end: the map stays ordered by time for the sweep
    this.nextAt.set(chat, now + this.intervalMs);
    if (now - this.lastSweep > this.intervalMs) this.sweep(now);
    return 0;
  }

  /**
   * Pushes the chat's next slot to at least `now + interval`: called when a send *completes*, because the
   * channel counts a message when it arrives, which can be long after its slot was taken (a photo
   * waiting for the one upload of its file arrived 170 ms late, and the PDF that followed its slot by
   * 1,010 ms reached the fake Telegram 918 ms after the photo: 429).
   */
  extend(chat: string, now: number): void {
    const next = now + this.intervalMs;
    if ((this.nextAt.get(chat) ?? 0) >= next) return;
    this.nextAt.delete(chat);
    this.nextAt.set(chat, next);
  }

  /** Entries currently remembered (for tests of the memory bound). */
  get size(): number {
    return this.nextAt.size;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    // Keys, not entries: an entry is a fresh [key, value] array per step, and this runs on the hot path.
    for (const chat of this.nextAt.keys()) {
      if (this.nextAt.get(chat)! > now) break;
      this.nextAt.delete(chat);
    }
  }
}
