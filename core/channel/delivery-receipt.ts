/**
 * Receipt states a channel reports after a send (`ChannelEvent` kind 'delivery-status'), and the rule
 * that keeps a delivery from moving backwards when receipts arrive out of order (WhatsApp sends
 * `sent`, `delivered` and `read` as separate webhooks with no ordering guarantee).
 *
 * Order: none < sent < delivered < read. `failed` is terminal: once failed, nothing moves the delivery.
 * A `failed` after `delivered` or `read` is ignored, because a receipt from the phone proves the
 * message arrived (a late or duplicated failure must not turn a success into a failure in the stats).
 *
 * @example
 * advanceReceipt(null, 'read');        // 'read'
 * advanceReceipt('read', 'delivered'); // 'read' (late receipt, ignored)
 * advanceReceipt('sent', 'failed');    // 'failed'
 */
export type ReceiptState = 'sent' | 'delivered' | 'read' | 'failed';

const RANK: Readonly<Record<Exclude<ReceiptState, 'failed'>, number>> = { sent: 1, delivered: 2, read: 3 };

/** The state after applying `incoming` to `current` (null when no receipt yet). Pure. */
export function advanceReceipt(current: ReceiptState | null, incoming: ReceiptState): ReceiptState {
  if (current === null) return incoming;
  if (current === 'failed') return 'failed';
  if (incoming === 'failed') return current === 'sent' ? 'failed' : current;
  return RANK[incoming] > RANK[current] ? incoming : current;
}

/** Whether applying `incoming` changes `current` (so the caller can skip a write). */
export function receiptAdvances(current: ReceiptState | null, incoming: ReceiptState): boolean {
  return advanceReceipt(current, incoming) !== current;
}
