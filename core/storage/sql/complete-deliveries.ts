import type { SqlRunner } from './sql-runner.js';
import { pgArray } from './sql-runner.js';

/**
 * PostgreSQL: one UPDATE marks a whole batch sent, each row with its channel message id, joined from two
 * unnested arrays (two parameters whatever the batch size). Fenced: only rows still `sending` and leased
 * by this worker change, so a completion arriving after the reaper took the row back changes nothing.
 * Commit is asynchronous (see claim-deliveries.ts): a lost status means one resend inside the window.
 * Measured: one statement per 500 rows ≈ 3 ms; one per row would cap the engine near 2,000 rows/s.
 *
 * `(d.state = 'sending') is true` is the fence written so no index can serve it (PostgreSQL's version of
 * SQLite's unary `+` below), leaving the primary key as the only way in: one lookup per batch row. With
 * a plain `d.state = 'sending'` the planner hash-joined the batch against a bitmap scan of the (state,
 * locked_at) index, and that range keeps a dead entry for every row that was ever `sending` (a state
 * change is never a HOT update, and bitmap scans never mark entries dead): in a 1M broadcast each flush
 * of 500 rows grew from 72 ms to 342 ms by the tail (BENCH_TRACE, load ~8). fail- and
 * retry-deliveries.ts use the same fence.
 */
const POSTGRESQL = `
update delivery d
set state = 'sent', channel_message_id = v.mid, outcome = null, reason = null, updated_at = ?
from unnest(?::bigint[], ?::text[]) as v(id, mid), (select set_config('synchronous_commit', ?, true)) cfg
where d.id = v.id and d.locked_by = ? and (d.state = 'sending') is true`;

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
    await sql.rows(POSTGRESQL, [
      args.now, pgArray(args.rows.map((r) => r.id)), pgArray(args.rows.map((r) => r.messageId)),
      args.asyncCommit === false ? 'on' : 'off', args.worker,
    ]);
  } else {
    await sql.rows(SQLITE, [args.now, JSON.stringify(args.rows.map((r) => [r.id, r.messageId])), args.worker]);
  }
}
