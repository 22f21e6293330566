import type { SqlRunner } from './sql-runner.js';

/**
 * A notice's rows that did not reach their recipient (every state but `sent`), with the identity's
 * channel id for the caller to pseudonymise. On the (notice_id, state) index; the join is by primary
 * key. Paged by row id, so a page is stable while the notice is still sending.
 */
const NOT_REACHED = `select d.id, d.channel, d.state, coalesce(d.outcome, '') as outcome, d.updated_at, ci.external_id
from delivery d join channel_identity ci on ci.id = d.identity_id
where d.notice_id = ? and d.tenant_id = ? and d.state <> 'sent' and d.id > ?
order by d.id limit ?`;
const COUNT = "select count(*) as n from delivery where notice_id = ? and tenant_id = ? and state <> 'sent'";

/** One row of a notice that did not reach its recipient. */
export interface NotReachedRow {
  readonly deliveryId: number;
  readonly channel: string;
  readonly state: string;
  /** gone · window · permanent · exhausted for failed rows; '' for pending and sending ones. */
  readonly outcome: string;
  /** Epoch ms of the row's last change. */
  readonly updatedAt: number;
  readonly externalId: string;
}

/**
 * Reads up to `limit` not-reached rows of a notice after the delivery id `after` (0 for the first page).
 *
 * @example
 * const page = await notReachedRows(sql, { tenantId: 1, noticeId: 12, after: 0, limit: 100 });
 * const next = await notReachedRows(sql, { tenantId: 1, noticeId: 12, after: page.at(-1)!.deliveryId, limit: 100 });
 */
export async function notReachedRows(sql: SqlRunner, args: { tenantId: number; noticeId: number; after: number; limit: number }): Promise<NotReachedRow[]> {
  const rows = await sql.rows(NOT_REACHED, [args.noticeId, args.tenantId, args.after, args.limit]);
  return rows.map((r) => ({
    deliveryId: Number(r.id), channel: String(r.channel), state: String(r.state), outcome: String(r.outcome),
    updatedAt: Number(r.updated_at), externalId: String(r.external_id),
  }));
}

/**
 * How many rows of a notice did not reach their recipient.
 *
 * @example
 * await countNotReached(sql, { tenantId: 1, noticeId: 12 }); // 3
 */
export async function countNotReached(sql: SqlRunner, args: { tenantId: number; noticeId: number }): Promise<number> {
  const [row] = await sql.rows(COUNT, [args.noticeId, args.tenantId]);
  return Number(row?.n ?? 0);
}
