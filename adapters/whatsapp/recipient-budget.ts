/**
 * WhatsApp's messaging limit: a business number may open conversations (business-initiated, i.e.
 * templates outside the 24-hour window) with at most N unique people in any rolling 24 hours. New
 * numbers start at 250; Meta raises the tier (1k, 10k, 100k, unlimited) with quality and volume.
 *
 * This counter is the small component the dispatcher consults before sending a template, and the
 * adapter consults it too as a last guard. A person already counted in the last 24 h costs nothing
 * again. When the budget is spent, `tryConsume` refuses and `retryAt` tells when a slot frees, so the
 * rest of a broadcast waits for the next window and the admin can be shown why.
 *
 * Kept in memory per process and account: after a restart it starts empty, which can overshoot the
 * real limit by what was sent before the restart (Meta then refuses with 131048/130429, mapped to
 * rate-limited). `snapshot()`/`restore()` let the owner persist it if that matters.
 *
 * @example
 * const budget = new RecipientBudget({ limit: 250 });
 * if (!budget.tryConsume(chatId)) return delivery.transient('daily budget reached', budget.retryAt().getTime() - Date.now());
 * budget.remaining(); // 249
 */
export interface RecipientBudgetOptions {
  /** Unique recipients per rolling window (the account's tier, default 250). */
  readonly limit?: number;
  /** Window length in ms (default 24 h). */
  readonly windowMs?: number;
  /** Clock (tests). */
  readonly now?: () => number;
}

export class RecipientBudget {
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: () => number;
  /** Recipient → when they were first counted in the current window. Insertion order = time order. */
  private readonly counted = new Map<string, number>();

  constructor(options: RecipientBudgetOptions = {}) {
    this.limit = options.limit ?? 250;
    this.windowMs = options.windowMs ?? 24 * 3_600_000;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.limit) || this.limit < 1) throw new Error(`RecipientBudget limit must be a positive integer (got ${this.limit}): set WHATSAPP_DAILY_RECIPIENTS to your tier (250, 1000, 10000, 100000).`);
  }

  /** Whether `recipient` can be messaged outside the window now without exceeding the tier. */
  canSend(recipient: string): boolean {
    this.prune();
    return this.counted.has(recipient) || this.counted.size < this.limit;
  }

  /** Counts `recipient` (once per window) and returns true, or returns false when the budget is spent. */
  tryConsume(recipient: string): boolean {
    if (!this.canSend(recipient)) return false;
    if (!this.counted.has(recipient)) this.counted.set(recipient, this.now());
    return true;
  }

  /** Recipients still available in the current window. */
  remaining(): number {
    this.prune();
    return Math.max(0, this.limit - this.counted.size);
  }

  /** When the next slot frees (now, if one is free). */
  retryAt(): Date {
    this.prune();
    if (this.counted.size < this.limit) return new Date(this.now());
    const oldest = this.counted.values().next().value ?? this.now();
    return new Date(oldest + this.windowMs);
  }

  snapshot(): [string, number][] {
    this.prune();
    return [...this.counted.entries()];
  }

  restore(entries: readonly (readonly [string, number])[]): void {
    for (const [recipient, at] of [...entries].sort((a, b) => a[1] - b[1])) if (!this.counted.has(recipient)) this.counted.set(recipient, at);
    this.prune();
  }

  private prune(): void {
    const cutoff = this.now() - this.windowMs;
    for (const [recipient, at] of this.counted) {
      if (at > cutoff) break;
      this.counted.delete(recipient);
    }
  }
}
