import { deliveryStateCounts } from '../storage/sql/delivery-stats.js';
import type { SqlRunner } from '../storage/sql/sql-runner.js';

/** Deliveries of one notice by state. */
export interface DeliveryCounts {
  readonly planned: number;
  readonly sent: number;
  readonly failed: number;
  /** Pending or being sent. */
  readonly pending: number;
}

/**
 * Delivery counts by state for several notices in one grouped query over the (notice_id, state) index
 * (core/storage/sql/delivery-stats.ts):
 * the dashboard's "recent notices" row per notice. Notices without deliveries get zeros.
 *
 * @example
 * const counts = await deliveryCounts(sql, tenant.id, [12, 13]);
 * counts.get(12)?.sent;
 */
export async function deliveryCounts(sql: SqlRunner, tenantId: number, noticeIds: readonly number[]): Promise<Map<number, DeliveryCounts>> {
  const out = new Map<number, DeliveryCounts>(noticeIds.map((id) => [id, { planned: 0, sent: 0, failed: 0, pending: 0 }]));
  if (noticeIds.length === 0) return out;
  for (const row of await deliveryStateCounts(sql, { tenantId, noticeIds })) {
    const current = out.get(row.noticeId);
    if (!current) continue;
    const { n, state } = row;
    out.set(row.noticeId, {
      planned: current.planned + n,
      sent: current.sent + (state === 'sent' ? n : 0),
      failed: current.failed + (state === 'failed' ? n : 0),
      pending: current.pending + (state === 'pending' || state === 'sending' ? n : 0),
    });
  }
  return out;
}
