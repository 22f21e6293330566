import type { SqlRunner } from './sql-runner.js';

/**
 * Counts one attempt in the key's fixed window, starting a new window when the old one ended; returns
 * the count and the window's end. One upsert, the same in both dialects (PostgreSQL's row lock and
 * SQLite's single writer make it atomic), so processes sharing the database count together.
 */
const BUMP = `
insert into login_attempt_window (key, count, reset_at) values (?, 1, ?)
on conflict (key) do update set
  count = case when login_attempt_window.reset_at <= ? then 1 else login_attempt_window.count + 1 end,
  reset_at = case when login_attempt_window.reset_at <= ? then excluded.reset_at else login_attempt_window.reset_at end
returning count, reset_at`;

/** One key's window. */
export interface AttemptWindow {
  readonly count: number;
  readonly resetAt: number;
}

/**
 * Adds an attempt to `key`'s window (a new window of `windowMs` when none is running).
 *
 * @example
 * const { count, resetAt } = await bumpAttempts(sql, { key, now: Date.now(), windowMs: 900_000 });
 */
export async function bumpAttempts(sql: SqlRunner, args: { key: string; now: number; windowMs: number }): Promise<AttemptWindow> {
  const [row] = await sql.rows(BUMP, [args.key, args.now + args.windowMs, args.now, args.now]);
  return { count: Number(row?.count ?? 1), resetAt: Number(row?.reset_at ?? args.now + args.windowMs) };
}

/** The running window of `key`, or null when there is none (never counted, or ended). */
export async function readAttempts(sql: SqlRunner, args: { key: string; now: number }): Promise<AttemptWindow | null> {
  const [row] = await sql.rows('select count, reset_at from login_attempt_window where key = ? and reset_at > ?', [args.key, args.now]);
  return row ? { count: Number(row.count), resetAt: Number(row.reset_at) } : null;
}

/** Forgets `key` (an account's failures after a successful login). */
export async function clearAttempts(sql: SqlRunner, key: string): Promise<void> {
  await sql.rows('delete from login_attempt_window where key = ?', [key]);
}

/** Deletes ended windows (the table stays as small as the attempts of the last window). */
export async function pruneAttempts(sql: SqlRunner, now: number): Promise<void> {
  await sql.rows('delete from login_attempt_window where reset_at <= ?', [now]);
}
