import type { SqlRunner } from './sql-runner.js';
import { pgArray } from './sql-runner.js';

/**
 * PostgreSQL: puts a batch back to `pending` with a per-row `not_before` (backoff, lane pause, per-chat
 * spacing). `refund` = 1 gives the attempt back: a rate-limit pause or a deferral is not the
 * recipient's fault and must not use up the transient-retry budget. Fenced by the lease.
 * Each value is found by the row's place in the ids array, with no join, so the planner stays on the
 * primary key (see complete-deliveries.ts).
 */
const POSTGRESQL = `
update delivery d
set state = 'pending', not_before = (?::bigint[])[array_position(?::bigint[], d.id)],
    attempts = d.attempts - (?::int[])[array_position(?::bigint[], d.id)],
    reason = (?::text[])[array_position(?::bigint[], d.id)], locked_by = null, locked_at = null, updated_at = ?
where d.id = any(?::bigint[]) and d.locked_by = ? and (d.state = 'sending') is true`;

const SQLITE = `
update delivery
set state = 'pending', not_before = json_extract(v.value, '$[1]'), attempts = attempts - json_extract(v.value, '$[2]'),
    reason = json_extract(v.value, '$[3]'), locked_by = null, locked_at = null, updated_at = ?
from json_each(?) v
where delivery.id = json_extract(v.value, '$[0]') and +delivery.locked_by = ? and +delivery.state = 'sending'`;

/**
 * Returns leased rows to the queue for a later attempt, fenced by the worker's lease.
 *
 * @example
 * await retryDeliveries(sql, { worker, now, rows: [{ id: 7, notBefore: now + 2000, refund: false, reason: '502' }] });
 */
export async function retryDeliveries(
  sql: SqlRunner,
  args: { worker: string; now: number; rows: readonly { id: number; notBefore: number; refund: boolean; reason: string }[] },
): Promise<void> {
  if (args.rows.length === 0) return;
  const reasons = args.rows.map((r) => r.reason.slice(0, 500));
  if (sql.dialect === 'postgresql') {
    const ids = pgArray(args.rows.map((r) => r.id));
    await sql.rows(POSTGRESQL, [
      pgArray(args.rows.map((r) => Math.round(r.notBefore))), ids, pgArray(args.rows.map((r) => (r.refund ? 1 : 0))), ids,
      pgArray(reasons), ids, args.now, ids, args.worker,
    ]);
  } else {
    await sql.rows(SQLITE, [
      args.now, JSON.stringify(args.rows.map((r, i) => [r.id, Math.round(r.notBefore), r.refund ? 1 : 0, reasons[i]])), args.worker,
    ]);
  }
}
