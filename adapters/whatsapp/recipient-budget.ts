import { memoryRecipientQuota, type AdapterRuntime } from '../../core/index.js';

type RecipientQuota = AdapterRuntime['recipientQuota'];
type QuotaDecision = Awaited<ReturnType<RecipientQuota['tryConsume']>>;

/**
 * WhatsApp's messaging limit: a business number may open conversations (business-initiated, i.e.
 * templates outside the 24-hour window) with at most N unique people in any rolling 24 hours. New
 * numbers start at 250; Meta raises the tier (1k, 10k, 100k, unlimited) with quality and volume.
 *
 * The adapter consults it before every template: a person already counted in the last 24 h costs
 * nothing again; when the budget is spent `tryConsume` refuses with the time a slot frees, so the rest
 * of a broadcast waits for the next window and the admin sees why (the notice's `waiting` stats).
 *
 * The count itself lives in core's `RecipientQuota`: once the adapter starts, the runtime's (the
 * `channel_recipient_window` table, keyed by the phone number id), so it survives restarts and every
 * process sending for the number shares it. Before that, or when `quota` pins another one, in memory.
 *
 * @example
 * const budget = new RecipientBudget({ limit: 1000 });             // WHATSAPP_DAILY_RECIPIENTS
 * const decision = await budget.tryConsume(phoneNumberId, chatId);  // { ok: true } | { ok: false, retryAt }
 * new WhatsAppAdapter({ …, budget });
 */
export interface RecipientBudgetOptions {
  /** Unique recipients per rolling window (the account's tier, default 250). */
  readonly limit?: number;
  /** Window length in ms (default 24 h). */
  readonly windowMs?: number;
  /** Clock (tests). */
  readonly now?: () => number;
  /** Where the count is kept; when given, the runtime's persisted quota does not replace it. */
  readonly quota?: RecipientQuota;
}

export class RecipientBudget {
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: () => number;
  private quota: RecipientQuota;
  private readonly pinned: boolean;
  private usesRuntime = false;

  constructor(options: RecipientBudgetOptions = {}) {
    this.limit = options.limit ?? 250;
    this.windowMs = options.windowMs ?? 24 * 3_600_000;
    this.now = options.now ?? Date.now;
    this.quota = options.quota ?? memoryRecipientQuota();
    this.pinned = options.quota !== undefined;
    if (!Number.isInteger(this.limit) || this.limit < 1) throw new Error(`RecipientBudget limit must be a positive integer (got ${this.limit}): set WHATSAPP_DAILY_RECIPIENTS to your tier (250, 1000, 10000, 100000).`);
  }

  /** Whether the count is kept in the runtime's store (database) rather than in this process. */
  get persisted(): boolean {
    return this.usesRuntime;
  }

  /** Called by the adapter's `start`: keep the count where the runtime keeps it, unless `quota` was given. */
  useRuntimeQuota(quota: RecipientQuota | undefined): void {
    if (!quota || this.pinned) return;
    this.quota = quota;
    this.usesRuntime = true;
  }

  /** Counts `recipient` for the number `account` (once per window), or says when a slot frees. */
  tryConsume(account: string, recipient: string): Promise<QuotaDecision> {
    return this.quota.tryConsume({ account, recipient, limit: this.limit, windowMs: this.windowMs, now: this.now() });
  }
}
