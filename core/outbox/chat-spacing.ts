import type { RateLimit } from '../channel/capabilities.js';

/**
 * The per-chat limit of a lane (Telegram ~1 msg/s per chat, WhatsApp ~1 per 6 s per user, with bursts
 * paid back): remembers when each chat may receive again. A delivery to a chat that is not ready is
 * deferred (put back with `not_before`), never waited for inside a send slot, so one busy chat cannot
 * stall the lane.
 *
 * The rule is a bucket of `count` sends refilled at `count` per `perMs` (GCRA): a turn's three replies go
 * at once when the channel allows a burst (WhatsApp declares 4 per 24 s: the same 1 per 6 s in the long
 * run, as Meta's pair rate pays a burst back with silence), and a chat that already had its burst waits
 * one interval per message. `count: 1` is plain spacing. Memory stays bounded: chats whose bucket is full
 * again are dropped (at most two intervals' worth of chats: about 60 for Telegram's 30 msg/s and 1 s).
 *
 * @example
 * const spacing = new ChatSpacing({ count: 1, perMs: 1000 });
 * const wait = spacing.take('42', performance.now()); // 0 → send now; >0 → defer by that many ms
 */
export class ChatSpacing {
  private readonly intervalMs: number;
  /** How far ahead of now a chat's schedule may run: the burst, less the send being made. */
  private readonly burstMs: number;
  /** Per chat, when its bucket is full again (GCRA's theoretical arrival time). */
  private readonly fullAt = new Map<string, number>();
  private lastSweep = 0;

  constructor(limit: RateLimit) {
    this.intervalMs = limit.perMs / limit.count;
    this.burstMs = (Math.max(1, Math.floor(limit.count)) - 1) * this.intervalMs;
  }

  /** Ms until the chat may receive again, without taking its slot. */
  peek(chat: string, now: number): number {
    return Math.max(0, (this.fullAt.get(chat) ?? 0) - this.burstMs - now);
  }

  /** Takes the chat's slot if free (returns 0), or returns the ms until it is. */
  take(chat: string, now: number): number {
    const full = Math.max(this.fullAt.get(chat) ?? 0, now);
    if (full - now > this.burstMs) return full - this.burstMs - now;
    this.fullAt.delete(chat); // re-insert at the end: the map stays roughly ordered by time for the sweep
    this.fullAt.set(chat, full + this.intervalMs);
    if (now - this.lastSweep > this.intervalMs) this.sweep(now);
    return 0;
  }

  /**
   * Counts the send from when it *completes*, because the channel counts a message when it arrives,
   * which can be long after its slot was taken (a photo waiting for the one upload of its file arrived
   * 170 ms late, and the PDF that followed its slot by 1,010 ms reached the fake Telegram 918 ms after
   * the photo: 429): the chat's next slot is at least one interval after it.
   */
  extend(chat: string, now: number): void {
    const full = now + this.intervalMs;
    if ((this.fullAt.get(chat) ?? 0) >= full) return;
    this.fullAt.delete(chat);
    this.fullAt.set(chat, full);
  }

  /** Entries currently remembered (for tests of the memory bound). */
  get size(): number {
    return this.fullAt.size;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    // Keys, not entries: an entry is a fresh [key, value] array per step, and this runs on the hot path.
    for (const chat of this.fullAt.keys()) {
      if (this.fullAt.get(chat)! > now) break;
      this.fullAt.delete(chat);
    }
  }
}
