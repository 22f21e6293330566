import type { SqlRunner } from './sql-runner.js';

/**
 * Returns expired leases to the queue: rows left `sending` by a worker that died (or stalled past the
 * lease). The attempt stays counted, so a row that crashes its worker every time ends `exhausted`
 * instead of looping. Optionally limited to one lane (a lane takeover reaps the dead owner's rows at
 * once instead of waiting for the lease). The (state, locked_at) index makes an idle run ~0.1 ms.
 * Both dialects run the same statement: the state guard is the fence.
 */
const REAP = `
update delivery
set state = 'pending', locked_by = null, locked_at = null, updated_at = ?
where state = 'sending' and locked_at < ?`;

const REAP_LANE = `
update delivery
set state = 'pending', locked_by = null, locked_at = null, updated_at = ?
where state = 'sending' and lane = ? and locked_by <> ?`;

/**
 * Reaps rows whose lease started before `now - leaseMs` and returns their ids and lanes.
 *
 * @example
 * const back = await reapDeliveries(sql, { now: Date.now(), leaseMs: 30_000 });
 * back.length; // rows returned to the queue
 */
export async function reapDeliveries(
  sql: SqlRunner,
  args: { now: number; leaseMs: number } | { now: number; lane: string; except: string },
): Promise<{ id: number; lane: string }[]> {
  const rows = 'lane' in args
    ? await sql.rows(`${REAP_LANE} returning id, lane`, [args.now, args.lane, args.except])
    : await sql.rows(`${REAP} returning id, lane`, [args.now, args.now - args.leaseMs]);
  return rows.map((r) => ({ id: Number(r.id), lane: String(r.lane) }));
}
