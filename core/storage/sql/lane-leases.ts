import type { SqlRunner } from './sql-runner.js';

/**
 * Takes or renews a lane: the upsert succeeds when the lane is free, expired, or already ours. One
 * statement, the same in both dialects (PostgreSQL's row lock and SQLite's single writer make it atomic),
 * so two processes can never both see themselves as owner of a live lease.
 * Rejected: `pg_try_advisory_lock` (tied to one pooled connection, and absent on SQLite).
 */
const ACQUIRE = `
insert into outbox_lane (lane, owner, expires_at) values (?, ?, ?)
on conflict (lane) do update set owner = excluded.owner, expires_at = excluded.expires_at
where outbox_lane.owner is null or outbox_lane.owner = excluded.owner or outbox_lane.expires_at < ?
returning owner`;

/**
 * Tries to own `lane` until `now + leaseMs`; true when this worker owns it now.
 *
 * @example
 * if (await acquireLane(sql, { lane, worker, now: Date.now(), leaseMs: 10_000 })) runLane(lane);
 */
export async function acquireLane(sql: SqlRunner, args: { lane: string; worker: string; now: number; leaseMs: number }): Promise<boolean> {
  const rows = await sql.rows(ACQUIRE, [args.lane, args.worker, args.now + args.leaseMs, args.now]);
  return rows.some((r) => r.owner === args.worker);
}

/** Gives a lane up (on stop or to hand it to a worker with fewer lanes). */
export async function releaseLane(sql: SqlRunner, args: { lane: string; worker: string }): Promise<void> {
  await sql.rows('update outbox_lane set owner = null, expires_at = 0 where lane = ? and owner = ?', [args.lane, args.worker]);
}

/** Lanes another worker could take now: free or expired. */
export async function freeLanes(sql: SqlRunner, args: { now: number }): Promise<string[]> {
  const rows = await sql.rows('select lane from outbox_lane where owner is null or expires_at < ? order by lane', [args.now]);
  return rows.map((r) => String(r.lane));
}


/**
 * Records that a worker is alive and returns how many workers are (for the fair share of lanes).
 *
 * @example
 * const live = await heartbeat(sql, { worker, now: Date.now(), leaseMs: 10_000 });
 */
export async function heartbeat(sql: SqlRunner, args: { worker: string; now: number; leaseMs: number }): Promise<number> {
  await sql.rows(
    'insert into outbox_worker (id, seen_at) values (?, ?) on conflict (id) do update set seen_at = excluded.seen_at',
    [args.worker, args.now],
  );
  const [row] = await sql.rows('select count(*) as n from outbox_worker where seen_at >= ?', [args.now - args.leaseMs]);
  return Math.max(1, Number(row?.n ?? 1));
}

/** Removes a stopping worker and releases its lanes. */
export async function retireWorker(sql: SqlRunner, worker: string): Promise<void> {
  await sql.rows('update outbox_lane set owner = null, expires_at = 0 where owner = ?', [worker]);
  await sql.rows('delete from outbox_worker where id = ?', [worker]);
}
