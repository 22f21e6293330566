import type { SqlRunner } from './sql-runner.js';

/** What a delivery row has come to, for a caller waiting on a row another process sends. */
export interface DeliveryState {
  readonly id: number;
  readonly state: string;
  readonly outcome: string | null;
  readonly reason: string | null;
  readonly channelMessageId: string | null;
}

/**
 * The state of some delivery rows by id (a primary-key lookup each): the messenger's way to learn the
 * outcome of a message when the lane that sends it is owned by another process.
 *
 * @example
 * const [row] = await deliveryStates(sql, [42]); // { id: 42, state: 'sent', channelMessageId: 'tg-7', … }
 */
export async function deliveryStates(sql: SqlRunner, ids: readonly number[]): Promise<DeliveryState[]> {
  if (ids.length === 0) return [];
  const rows = await sql.rows(`select id, state, outcome, reason, channel_message_id from delivery where id in (${ids.map(() => '?').join(', ')})`, ids);
  return rows.map((r) => ({
    id: Number(r.id), state: String(r.state), outcome: r.outcome === null ? null : String(r.outcome),
    reason: r.reason === null ? null : String(r.reason), channelMessageId: r.channel_message_id === null ? null : String(r.channel_message_id),
  }));
}
