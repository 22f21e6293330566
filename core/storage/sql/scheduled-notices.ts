import type { SqlRow, SqlRunner } from './sql-runner.js';

/**
 * The scheduler's two reads, one per pass each. Plain SQL like the rest of the notice lifecycle (the
 * ORM's `find` hydrated whole entities, text and all, to read four columns), over the
 * (status, scheduled_at) index. Unscoped by tenant: the scheduler serves every comune.
 */
const DUE = `select id, scheduled_at from notice where status = 'scheduled' and scheduled_at <= ? order by scheduled_at asc limit ?`;
/** No order, as the `find` it replaced: the pass walks every sending notice up to the limit. */
const SENDING = `select id, tenant_id, planned_at, locked_at from notice where status = 'sending' limit ?`;

/** A scheduled notice whose time has come. */
export interface DueNotice {
  readonly id: number;
  readonly scheduledAt: Date;
}

/** A notice being sent: still planning (`planned` false, lease in `lockedAt`) or waiting for its deliveries. */
export interface SendingNotice {
  readonly id: number;
  readonly tenantId: number;
  readonly planned: boolean;
  /** Planning lease, epoch ms; null when no planner holds it. */
  readonly lockedAt: number | null;
}

/**
 * Scheduled notices due at `now`, oldest first, including those that fell due while every process was
 * down.
 *
 * @example
 * for (const notice of await dueNotices(sql, { now: Date.now(), limit: 50 })) {
 *   await startSending(sql, { noticeId: notice.id, from: ['scheduled'], now: Date.now() });
 * }
 */
export async function dueNotices(sql: SqlRunner, args: { now: number; limit: number }): Promise<DueNotice[]> {
  const rows = await sql.rows(DUE, [sql.dialect === 'sqlite' ? args.now : new Date(args.now), args.limit]);
  return rows.map((r) => ({ id: Number(r.id), scheduledAt: new Date(toMs(r.scheduled_at) ?? Number.NaN) }));
}

/**
 * Notices in `sending`: the scheduler resumes their planning when its lease expired, or finishes them.
 *
 * @example
 * const stale = (await sendingNotices(sql, { limit: 200 })).filter((n) => !n.planned && (n.lockedAt ?? 0) < Date.now() - 30_000);
 */
export async function sendingNotices(sql: SqlRunner, args: { limit: number }): Promise<SendingNotice[]> {
  const rows = await sql.rows(SENDING, [args.limit]);
  return rows.map((r: SqlRow) => ({
    id: Number(r.id), tenantId: Number(r.tenant_id), planned: r.planned_at !== null && r.planned_at !== undefined, lockedAt: toMs(r.locked_at),
  }));
}

/** Dates come back as Date or text (PostgreSQL timestamptz) or epoch ms (MikroORM's SQLite datetime); bigints as text. */
function toMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  const n = Number(value);
  return Number.isFinite(n) ? n : new Date(String(value)).getTime();
}
