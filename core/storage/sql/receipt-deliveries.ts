import type { ReceiptState } from '../../channel/delivery-receipt.js';
import { advanceReceipt } from '../../channel/delivery-receipt.js';
import type { FailureOutcome } from './fail-deliveries.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * Receipts are found by (lane, channel message id) — the `delivery_lane_channel_message_id_index` — and
 * written with compare-and-set on the receipt read, so two webhooks for one message racing in two
 * processes cannot move it backwards: the loser re-reads and re-applies `advanceReceipt`. Receipts are
 * one per message per state (WhatsApp: ≤ 3 per delivery), far off the sending hot path, so a read and a
 * conditional write per receipt are cheap (~0.2 ms on SQLite, one round trip each on PostgreSQL).
 * Rejected: folding the order into SQL with a CASE over ranks (the rule would live in two places).
 */
const FIND = `select id, notice_id, identity_id, state, receipt from delivery where lane = ? and channel_message_id = ?`;

const ADVANCE = `
update delivery set receipt = ?, delivered_at = coalesce(delivered_at, ?), read_at = coalesce(read_at, ?)
where id = ? and coalesce(receipt, '') = ?
returning id`;

/** A failure receipt on a `sent` row: it did not arrive after all (WhatsApp 131047 after the send was accepted). */
const FAIL = `
update delivery set receipt = 'failed', state = 'failed', outcome = ?, reason = ?, updated_at = ?
where id = ? and coalesce(receipt, '') = ? and state = 'sent'
returning id`;

/** What a receipt changed. */
export interface AppliedReceipt {
  readonly deliveryId: number;
  readonly noticeId: number | null;
  readonly identityId: number;
  readonly receipt: ReceiptState;
  /** Set when the receipt turned the delivery into a failure. */
  readonly outcome?: FailureOutcome;
}

/**
 * Applies one channel receipt to the delivery that sent `messageId` on `lane`, never moving it backwards
 * (`advanceReceipt`). A `failed` receipt turns a `sent` row `failed` with `failure`'s outcome and reason;
 * after delivered or read it is ignored. Returns what changed, or null (unknown message, or nothing new).
 *
 * @example
 * await applyReceipt(sql, { lane: '1:whatsapp:default', messageId: 'wamid.X', status: 'read', at: Date.now() });
 * await applyReceipt(sql, { lane, messageId, status: 'failed', at, failure: { outcome: 'window', reason: '131047' } });
 */
export async function applyReceipt(
  sql: SqlRunner,
  args: { lane: string; messageId: string; status: ReceiptState; at: number; now?: number; failure?: { outcome: FailureOutcome; reason: string } },
): Promise<AppliedReceipt | null> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const [row] = await sql.rows(FIND, [args.lane, args.messageId]);
    if (!row) return null;
    const current = row.receipt === null || row.receipt === undefined ? null : (String(row.receipt) as ReceiptState);
    const next = advanceReceipt(current, args.status);
    if (next === current) return null;
    const base = { deliveryId: Number(row.id), noticeId: row.notice_id === null ? null : Number(row.notice_id), identityId: Number(row.identity_id), receipt: next };
    if (next === 'failed') {
      // Only a row that counted as sent becomes a failure; a receipt for a row still pending/sending
      // (a resend in flight) or already failed just records the receipt.
      if (String(row.state) !== 'sent') return null;
      const failure = args.failure ?? { outcome: 'permanent' as const, reason: 'the channel reported the message failed' };
      const changed = (await sql.rows(FAIL, [failure.outcome, failure.reason.slice(0, 500), args.now ?? args.at, row.id, current ?? ''])).length;
      if (changed > 0) return { ...base, outcome: failure.outcome };
      continue;
    }
    const delivered = next === 'delivered' || next === 'read' ? args.at : null;
    const read = next === 'read' ? args.at : null;
    const changed = (await sql.rows(ADVANCE, [next, delivered, read, row.id, current ?? ''])).length;
    if (changed > 0) return base;
  }
  return null;
}
