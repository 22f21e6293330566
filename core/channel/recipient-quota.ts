/**
 * A rolling-window count of unique recipients per channel account, for channels that cap how many
 * different people an account may reach (WhatsApp's messaging tier: 250, 1k, 10k… unique people in any
 * 24 hours outside the reply window). A person already counted in the window costs nothing again.
 *
 * Core keeps the count in the `channel_recipient_window` table (`AdapterRuntime.recipientQuota`), so it
 * survives restarts and several Campanile processes on one PostgreSQL share it; `memoryRecipientQuota()`
 * is the same contract in memory for adapters and tests without a database.
 *
 * @example
 * const decision = await quota.tryConsume({ account: phoneNumberId, recipient: chatId, limit: 250, windowMs: DAY });
 * if (!decision.ok) return delivery.rateLimited(decision.retryAt - Date.now(), 'chat', 'daily budget reached');
 */
export interface RecipientQuota {
  /**
   * Counts `recipient` against `account`'s window and says yes, or says when the oldest slot frees.
   * Atomic: two processes never both take the last slot.
   */
  tryConsume(request: QuotaRequest): Promise<QuotaDecision>;
}

/** One recipient about to be messaged by one account. */
export interface QuotaRequest {
  /** What the limit belongs to, chosen by the adapter (WhatsApp: the phone number id). */
  readonly account: string;
  /** The person, as the channel addresses them (the chat id). */
  readonly recipient: string;
  /** Unique recipients allowed per window (a positive integer). */
  readonly limit: number;
  /** The rolling window in ms (WhatsApp: 24 h). */
  readonly windowMs: number;
  /** Epoch ms; default `Date.now()` (tests move the clock). */
  readonly now?: number;
}

/** Yes, or no with the epoch ms at which the oldest counted recipient leaves the window. */
export type QuotaDecision = { readonly ok: true } | { readonly ok: false; readonly retryAt: number };

/**
 * Checks a request's numbers; throws with the fix when they make no sense.
 *
 * @example
 * checkQuotaRequest({ account: 'x', recipient: 'y', limit: 0, windowMs: 1 }); // throws
 */
export function checkQuotaRequest(request: QuotaRequest): void {
  if (!Number.isInteger(request.limit) || request.limit < 1) throw new Error(`Recipient quota limit must be a positive integer (got ${request.limit}): set the channel's daily recipients to its tier (e.g. WHATSAPP_DAILY_RECIPIENTS=250).`);
  if (!(request.windowMs > 0)) throw new Error(`Recipient quota window must be a positive number of ms (got ${request.windowMs}).`);
}

/**
 * A `RecipientQuota` in memory, per process: lost on restart and not shared, so only for adapters that
 * run without a database (unit tests, a single process where an overshoot after a restart is acceptable).
 *
 * @example
 * const quota = memoryRecipientQuota();
 * await quota.tryConsume({ account: 'a', recipient: '1', limit: 1, windowMs: 1000, now: 0 }); // { ok: true }
 */
export function memoryRecipientQuota(): RecipientQuota {
  /** Account → recipient → when first counted. Insertion order is time order when the clock moves forward. */
  const accounts = new Map<string, Map<string, number>>();
  return {
    async tryConsume(request) {
      checkQuotaRequest(request);
      const now = request.now ?? Date.now();
      let counted = accounts.get(request.account);
      if (!counted) accounts.set(request.account, (counted = new Map()));
      for (const [recipient, at] of counted) if (at <= now - request.windowMs) counted.delete(recipient);
      if (counted.has(request.recipient)) return { ok: true };
      if (counted.size < request.limit) {
        counted.set(request.recipient, now);
        return { ok: true };
      }
      return { ok: false, retryAt: Math.min(...counted.values()) + request.windowMs };
    },
  };
}
