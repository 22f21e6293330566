import type { SqlRunner } from './sql-runner.js';

/** The statuses a notice can be started from ("send now": both; the scheduler: `scheduled` only). */
export type StartableStatus = 'draft' | 'scheduled';

/**
 * Starts a notice: `draft|scheduled → sending` with a conditional update, so two processes (two admins
 * pressing "send", or "send now" racing the scheduler) never both start it: the loser's update matches
 * no row. Resets the planning state (cursor 0, no planning lease) so the planner starts from the first
 * identity. `updated_at` is left alone, as the ORM's `nativeUpdate` this replaced left it (it is the
 * author's last edit, shown in the admin).
 *
 * The scheduler passes `from: ['scheduled']`: a notice it found due but that went back to draft or was
 * cancelled meanwhile must not start. "Send now" passes both, fenced on the tenant as well (the
 * tenant-scoped ORM filter it replaced added `tenant_id = ?`). One round trip, `returning id` to know
 * whether this call won; dates bound as the ORM stores them (epoch ms on SQLite, timestamptz on
 * PostgreSQL).
 *
 * @example
 * if (await startSending(sql, { noticeId, from: ['draft', 'scheduled'], now: Date.now(), tenantId })) planner.start(noticeId);
 * else throw new Error('already sending');
 */
export async function startSending(
  sql: SqlRunner,
  args: { noticeId: number; from: readonly StartableStatus[]; now: number; tenantId?: number },
): Promise<boolean> {
  if (args.from.length === 0) return false;
  const statuses = args.from.map(() => '?').join(', ');
  const tenant = args.tenantId === undefined ? '' : ' and tenant_id = ?';
  const rows = await sql.rows(
    `update notice set status = 'sending', sent_at = ?, plan_cursor = 0, locked_by = null, locked_at = null
     where id = ? and status in (${statuses})${tenant} returning id`,
    [
      sql.dialect === 'sqlite' ? args.now : new Date(args.now), args.noticeId, ...args.from,
      ...(args.tenantId === undefined ? [] : [args.tenantId]),
    ],
  );
  return rows.length > 0;
}
