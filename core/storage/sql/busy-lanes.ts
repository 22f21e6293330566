import type { SqlRunner } from './sql-runner.js';

/**
 * Lanes with work (a `pending` or `sending` row) and their owners, for the worker's fair-share tick.
 *
 * Each probe reads the claim index `(lane, state, priority, id)` from its *newest* end (`order by
 * priority desc, id desc limit 1`). On PostgreSQL a claimed or completed row leaves a dead entry in the
 * range it left (an update that changes `state` is never HOT), and those pile up at the old end: the
 * former `exists (… state in ('pending', 'sending'))` walked them from there and took 40–54 ms per tick
 * in a 1M broadcast (BENCH_TRACE, load ~8), where the newest end finds a live row at once. A scalar
 * subquery, because PostgreSQL drops the ORDER BY and LIMIT of an EXISTS.
 */
const BUSY_LANES = `
select l.lane, l.owner, l.expires_at from outbox_lane l
where (select d.id from delivery d where d.lane = l.lane and d.state = 'sending' order by d.priority desc, d.id desc limit 1) is not null
   or (select d.id from delivery d where d.lane = l.lane and d.state = 'pending' order by d.priority desc, d.id desc limit 1) is not null
order by l.lane`;

/**
 * Lanes with pending or in-flight rows, with their current owner and lease expiry (epoch ms).
 *
 * @example
 * const busy = await busyLanes(sql); // [{ lane: '1:telegram:default', owner: 'host-42-ab12cd', expiresAt: 1764140000000 }]
 */
export async function busyLanes(sql: SqlRunner): Promise<{ lane: string; owner: string | null; expiresAt: number }[]> {
  const rows = await sql.rows(BUSY_LANES);
  return rows.map((r) => ({ lane: String(r.lane), owner: r.owner === null ? null : String(r.owner), expiresAt: Number(r.expires_at) }));
}
