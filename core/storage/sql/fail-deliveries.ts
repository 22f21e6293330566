import type { SqlRunner } from './sql-runner.js';
import { pgArray } from './sql-runner.js';

/**
 * PostgreSQL: marks a batch failed, each row with its outcome (gone · window · permanent · exhausted) and
 * reason, fenced by the lease like complete-deliveries.ts. Failures are rare, so this is not on the
 * throughput path; it keeps synchronous commit so a recorded failure reason is never lost.
 * Each value is found by the row's place in the ids array, with no join, so the planner stays on the
 * primary key (see complete-deliveries.ts).
 */
const POSTGRESQL = `
update delivery d
set state = 'failed', outcome = (?::text[])[array_position(?::bigint[], d.id)],
    reason = (?::text[])[array_position(?::bigint[], d.id)], updated_at = ?
where d.id = any(?::bigint[]) and d.locked_by = ? and (d.state = 'sending') is true`;

const SQLITE = `
update delivery
set state = 'failed', outcome = json_extract(v.value, '$[1]'), reason = json_extract(v.value, '$[2]'), updated_at = ?
from json_each(?) v
where delivery.id = json_extract(v.value, '$[0]') and +delivery.locked_by = ? and +delivery.state = 'sending'`;

/** Why a delivery failed for good. */
export type FailureOutcome = 'gone' | 'window' | 'permanent' | 'exhausted' | 'expired';

/**
 * Records final failures, fenced by the worker's lease.
 *
 * @example
 * await failDeliveries(sql, { worker, now, rows: [{ id: 7, outcome: 'gone', reason: 'blocked' }] });
 */
export async function failDeliveries(
  sql: SqlRunner,
  args: { worker: string; now: number; rows: readonly { id: number; outcome: FailureOutcome; reason: string }[] },
): Promise<void> {
  if (args.rows.length === 0) return;
  const reasons = args.rows.map((r) => r.reason.slice(0, 500));
  if (sql.dialect === 'postgresql') {
    const ids = pgArray(args.rows.map((r) => r.id));
    await sql.rows(POSTGRESQL, [pgArray(args.rows.map((r) => r.outcome)), ids, pgArray(reasons), ids, args.now, ids, args.worker]);
  } else {
    await sql.rows(SQLITE, [args.now, JSON.stringify(args.rows.map((r, i) => [r.id, r.outcome, reasons[i]])), args.worker]);
  }
}
