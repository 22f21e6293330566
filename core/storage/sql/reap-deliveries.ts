import type { SqlRunner } from './sql-runner.js';

/**
 * Returns expired leases to the queue: rows left `sending` past the lease by a worker that is no longer
 * alive (no heartbeat in `outbox_worker` since `liveSince`). A live worker's rows are never reaped, however
 * long its local queue: the first kill test did exactly that (a slow channel kept 500 claimed rows
 * waiting past a 1 s lease, the worker's own reaper returned them, and it sent 1,693 duplicates).
 * The attempt stays counted, so a row that crashes its worker every time ends `exhausted` instead of
 * looping. Optionally limited to one lane (a lane takeover reaps the dead owner's rows at once). The
 * (state, locked_at) index makes an idle run ~0.1 ms. Both dialects run the same statement.
 */
const REAP = `
update delivery
set state = 'pending', locked_by = null, locked_at = null, updated_at = ?
where state = 'sending' and locked_at < ?
  and not exists (select 1 from outbox_worker w where w.id = delivery.locked_by and w.seen_at >= ?)`;

const REAP_LANE = `
update delivery
set state = 'pending', locked_by = null, locked_at = null, updated_at = ?
where state = 'sending' and lane = ? and locked_by <> ?`;

/**
 * Reaps rows whose lease started before `now - leaseMs` and returns their ids and lanes.
 *
 * @example
 * const back = await reapDeliveries(sql, { now: Date.now(), leaseMs: 60_000, liveSince: Date.now() - 15_000 });
 * back.length; // rows returned to the queue
 */
export async function reapDeliveries(
  sql: SqlRunner,
  args: { now: number; leaseMs: number; liveSince: number } | { now: number; lane: string; except: string },
): Promise<{ id: number; lane: string }[]> {
  const rows = 'lane' in args
    ? await sql.rows(`${REAP_LANE} returning id, lane`, [args.now, args.lane, args.except])
    : await sql.rows(`${REAP} returning id, lane`, [args.now, args.now - args.leaseMs, args.liveSince]);
  return rows.map((r) => ({ id: Number(r.id), lane: String(r.lane) }));
}
