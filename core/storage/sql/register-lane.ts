import type { SqlRunner } from './sql-runner.js';

const UPSERT_LANE = `insert into outbox_lane (lane, owner, expires_at) values (?, null, 0) on conflict (lane) do nothing`;

/**
 * Registers one lane (`<tenant>:<channel>:<account>`) in `outbox_lane`, so dispatchers see it when it has
 * rows; a no-op when it exists. The outbound queue calls it once per lane and process, before the first
 * reply or direct message of that lane (notices register theirs with `registerLanes`).
 *
 * @example
 * await registerLane(sql, '1:telegram:default');
 */
export async function registerLane(sql: SqlRunner, lane: string): Promise<void> {
  await sql.rows(UPSERT_LANE, [lane]);
}
