import type { SqlRunner } from './sql-runner.js';

/**
 * Takes a notice's planning lease (the outbox's lease, on the notice row), fenced on the `locked_at`
 * the caller saw: of two schedulers that both found the lease expired, only the first update matches,
 * so one planner runs per notice. Only a `sending` notice that is not yet planned can be taken.
 * Renewal, once per planned chunk, is `renewPlanning` in plan-deliveries.ts.
 */
const TAKE_FREE = `update notice set locked_by = ?, locked_at = ? where id = ? and status = 'sending' and planned_at is null and locked_at is null returning id`;
const TAKE_EXPIRED = `update notice set locked_by = ?, locked_at = ? where id = ? and status = 'sending' and planned_at is null and locked_at = ? returning id`;

/**
 * Takes the planning of `noticeId` for `worker`; false when another process took it first. Pass the
 * `locked_at` you read (null for a notice that never had a planner).
 *
 * @example
 * if (await takePlanning(sql, { noticeId, worker, now: Date.now(), previousLockedAt: null })) void planner.plan(noticeId);
 */
export async function takePlanning(
  sql: SqlRunner,
  args: { noticeId: number; worker: string; now: number; previousLockedAt: number | null },
): Promise<boolean> {
  const rows = args.previousLockedAt === null
    ? await sql.rows(TAKE_FREE, [args.worker, args.now, args.noticeId])
    : await sql.rows(TAKE_EXPIRED, [args.worker, args.now, args.noticeId, args.previousLockedAt]);
  return rows.length > 0;
}
