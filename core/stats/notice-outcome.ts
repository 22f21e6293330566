import { createHash } from 'node:crypto';
import { noticeDeliveryGroups } from '../storage/sql/delivery-stats.js';
import { countNotReached, notReachedRows } from '../storage/sql/not-reached.js';
import type { SqlRunner } from '../storage/sql/sql-runner.js';

/** What happened to a notice's deliveries on one channel (or all of them). */
export interface OutcomeCounts {
  /** Accepted by the channel (`sent`). */
  delivered: number;
  /** Refused for good or retried until the attempts ran out (`permanent`, `exhausted`). */
  failed: number;
  /** The person blocked the bot or is gone from the channel (`gone`). */
  blocked: number;
  /** Outside the channel's reply window with no template to send instead (`window`). */
  windowClosed: number;
  /** Not sent yet: pending or being sent. */
  pending: number;
}

/** A notice's outcome per channel, and the sum. */
export interface NoticeOutcome {
  readonly noticeId: number;
  readonly total: OutcomeCounts;
  readonly byChannel: Readonly<Record<string, OutcomeCounts>>;
}

/** Why one recipient was not reached, as the admin shows it. */
export type NotReachedStatus = 'failed' | 'blocked' | 'window-closed' | 'pending';

/** One recipient a notice did not reach: pseudonymous (channel and a short id), no chat content. */
export interface NotReachedRecipient {
  readonly channel: string;
  /** 10 hex characters of SHA-256 over tenant, channel and chat id: the same person has the same id on every notice, and the chat id cannot be read back. */
  readonly shortId: string;
  readonly status: NotReachedStatus;
  /** When the row last changed (the failure, or the planning for a pending row). */
  readonly since: Date;
}

const zero = (): OutcomeCounts => ({ delivered: 0, failed: 0, blocked: 0, windowClosed: 0, pending: 0 });

/** The outcome bucket of a delivery row's state and failure outcome. */
function bucketOf(state: string, outcome: string): keyof OutcomeCounts {
  if (state === 'sent') return 'delivered';
  if (state !== 'failed') return 'pending';
  if (outcome === 'gone') return 'blocked';
  if (outcome === 'window') return 'windowClosed';
  return 'failed';
}

const STATUS: Readonly<Record<keyof OutcomeCounts, NotReachedStatus>> = {
  delivered: 'pending', failed: 'failed', blocked: 'blocked', windowClosed: 'window-closed', pending: 'pending',
};

/**
 * Counts a notice's deliveries as delivered, failed, blocked, window-closed and pending, per channel and
 * in total, from the outbox rows (one grouped query, core/storage/sql/delivery-stats.ts). The five add up
 * to the rows planned.
 *
 * @example
 * const outcome = await noticeOutcome(sql, tenant.id, notice.id);
 * outcome.byChannel.telegram?.blocked; // 2
 */
export async function noticeOutcome(sql: SqlRunner, tenantId: number, noticeId: number): Promise<NoticeOutcome> {
  const total = zero();
  const byChannel: Record<string, OutcomeCounts> = {};
  for (const group of await noticeDeliveryGroups(sql, { tenantId, noticeId })) {
    const bucket = bucketOf(group.state, group.outcome);
    total[bucket] += group.n;
    (byChannel[group.channel] ??= zero())[bucket] += group.n;
  }
  return { noticeId, total, byChannel };
}

/**
 * A page of the recipients a notice did not reach, oldest row first, and how many there are in all.
 * `after` is the cursor the previous page returned (omit it for the first page).
 *
 * @example
 * const page = await noticeNotReached(sql, tenant.id, notice.id, { limit: 100 });
 * const next = page.next ? await noticeNotReached(sql, tenant.id, notice.id, { limit: 100, after: page.next }) : null;
 */
export async function noticeNotReached(
  sql: SqlRunner, tenantId: number, noticeId: number, page: { limit: number; after?: number },
): Promise<{ total: number; items: NotReachedRecipient[]; next: number | null }> {
  const rows = await notReachedRows(sql, { tenantId, noticeId, after: page.after ?? 0, limit: page.limit + 1 });
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  return {
    total: await countNotReached(sql, { tenantId, noticeId }),
    items: shown.map((row) => ({
      channel: row.channel,
      shortId: shortIdOf(tenantId, row.channel, row.externalId),
      status: STATUS[bucketOf(row.state, row.outcome)],
      since: new Date(row.updatedAt),
    })),
    next: more ? (shown.at(-1)?.deliveryId ?? null) : null,
  };
}

/**
 * The pseudonymous id of a chat: short enough to read out, stable across notices.
 *
 * @example
 * shortIdOf(1, 'telegram', '123456789'); // '3f9a0c12de'
 */
export function shortIdOf(tenantId: number, channel: string, externalId: string): string {
  return createHash('sha256').update(`${tenantId}:${channel}:${externalId}`).digest('hex').slice(0, 10);
}
