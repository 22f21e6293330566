import type { SqlRunner } from './sql-runner.js';

/**
 * Pending and in-flight rows per lane, for the queue-depth gauge read at every metrics scrape. The
 * lanes come from `outbox_lane` (a handful of rows: one per tenant × channel account), and each count
 * is a range of the claim index `(lane, state, priority, id)`, so the cost follows the rows still
 * queued, not the ever-growing history of sent rows. Rejected: `select lane, count(*) … where state =
 * 'pending' group by lane`, which walks every row of the table once the history is large.
 */
const LANE_DEPTH = `
select l.lane,
  (select count(*) from delivery d where d.lane = l.lane and d.state = 'pending') as pending,
  (select count(*) from delivery d where d.lane = l.lane and d.state = 'sending') as sending
from outbox_lane l order by l.lane`;

/**
 * Queue depth of every known lane.
 *
 * @example
 * const depth = await laneDepth(sql); // [{ lane: '1:telegram:default', pending: 1200, sending: 32 }]
 */
export async function laneDepth(sql: SqlRunner): Promise<{ lane: string; pending: number; sending: number }[]> {
  const rows = await sql.rows(LANE_DEPTH);
  return rows.map((r) => ({ lane: String(r.lane), pending: Number(r.pending), sending: Number(r.sending) }));
}
