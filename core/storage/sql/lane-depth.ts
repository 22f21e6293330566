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
  (select count(*) from delivery d where d.lane = l.lane and d.state = 'pending' and d.priority = 0) as pending_reply,
  (select count(*) from delivery d where d.lane = l.lane and d.state = 'pending' and d.priority = 1) as pending_urgent,
  (select count(*) from delivery d where d.lane = l.lane and d.state = 'pending' and d.priority = 2) as pending_direct,
  (select count(*) from delivery d where d.lane = l.lane and d.state = 'pending' and d.priority >= 3) as pending_normal,
  (select count(*) from delivery d where d.lane = l.lane and d.state = 'sending') as sending
from outbox_lane l order by l.lane`;

/** Pending rows of a lane per priority (the names of `DELIVERY_PRIORITY`). */
export interface PendingByPriority {
  readonly reply: number;
  readonly urgent: number;
  readonly direct: number;
  readonly normal: number;
}

/**
 * Queue depth of every known lane: pending rows in total and per priority (each count one range of the
 * claim index), and rows in flight.
 *
 * @example
 * const depth = await laneDepth(sql); // [{ lane: '1:telegram:default', pending: 1200, byPriority: { reply: 3, … }, sending: 32 }]
 */
export async function laneDepth(sql: SqlRunner): Promise<{ lane: string; pending: number; byPriority: PendingByPriority; sending: number }[]> {
  const rows = await sql.rows(LANE_DEPTH);
  return rows.map((r) => {
    const byPriority = { reply: Number(r.pending_reply), urgent: Number(r.pending_urgent), direct: Number(r.pending_direct), normal: Number(r.pending_normal) };
    return { lane: String(r.lane), pending: byPriority.reply + byPriority.urgent + byPriority.direct + byPriority.normal, byPriority, sending: Number(r.sending) };
  });
}
