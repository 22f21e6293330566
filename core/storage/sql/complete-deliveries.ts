import type { SqlRunner } from './sql-runner.js';
import { pgArray } from './sql-runner.js';

/**
 * PostgreSQL: one UPDATE marks a whole batch sent, each row with its channel message id (the id's place
 * in the ids array gives its message id: two arrays, three parameters, whatever the batch size). Fenced:
 * only rows still `sending` and leased by this worker change, so a completion arriving after the reaper
 * took the row back changes nothing. Commit is asynchronous (see claim-deliveries.ts): a lost status
 * means one resend inside the window.
 * Measured: one statement per 500 rows ≈ 3 ms; one per row would cap the engine near 2,000 rows/s.
 *
 * The shape keeps the planner on the primary key whatever its estimates: `d.id = any($ids)` is the only
 * index condition (a seq scan would test every row against 500 ids), the fence is written
 * `(d.state = 'sending') is true` so no index can serve it (PostgreSQL's version of SQLite's unary `+`
 * below), and there is no join. Each earlier shape went wrong on a shared 2-core box (BENCH_TRACE,
 * load ~8): joined with `unnest(ids, mids)` and a plain fence, the planner hash-joined the batch against
 * a bitmap scan of the (state, locked_at) index, whose `sending` range keeps a dead entry for every row
 * that was ever sending (a state change is never a HOT update, and bitmap scans never mark entries
 * dead): each 500-row flush grew from 72 to 342 ms by the tail of a 1M broadcast. With the join and
 * the unindexable fence, the fence's selectivity made it expect one row, and it rescanned the unnest
 * once per row (250,000 comparisons, 350–480 ms per flush at 100k). `array_position` is 500 × 250
 * comparisons in C (< 1 ms). fail- and retry-deliveries.ts use the same shape.
 */
const POSTGRESQL = `
update delivery d
set state = 'sent', channel_message_id = (?::text[])[array_position(?::bigint[], d.id)], outcome = null, reason = null, updated_at = ?
from (select set_config('synchronous_commit', ?, true)) cfg
where d.id = any(?::bigint[]) and d.locked_by = ? and (d.state = 'sending') is true`;

/**
 * SQLite: the same shape, the batch as one JSON parameter read with json_each. The unary `+` on the
 * fence columns keeps SQLite from driving the join from the (state) index: with it, each flush scanned
 * every `sending` row per batch row (3,260 deliveries/s at 100k); without, it looks rows up by rowid.
 */
const SQLITE = `
update delivery
set state = 'sent', channel_message_id = json_extract(v.value, '$[1]'), outcome = null, reason = null, updated_at = ?
from json_each(?) v
where delivery.id = json_extract(v.value, '$[0]') and +delivery.locked_by = ? and +delivery.state = 'sending'`;

/**
 * Marks delivered rows sent with their channel message ids, fenced by the worker's lease.
 *
 * @example
 * await completeDeliveries(sql, { worker, now: Date.now(), rows: [{ id: 1, messageId: 'tg-42' }] });
 */
export async function completeDeliveries(
  sql: SqlRunner,
  args: { worker: string; now: number; rows: readonly { id: number; messageId: string }[]; asyncCommit?: boolean },
): Promise<void> {
  if (args.rows.length === 0) return;
  if (sql.dialect === 'postgresql') {
    const ids = pgArray(args.rows.map((r) => r.id));
    await sql.rows(POSTGRESQL, [
      pgArray(args.rows.map((r) => r.messageId)), ids, args.now, args.asyncCommit === false ? 'on' : 'off', ids, args.worker,
    ]);
  } else {
    await sql.rows(SQLITE, [args.now, JSON.stringify(args.rows.map((r) => [r.id, r.messageId])), args.worker]);
  }
}
