import type { SqlRunner } from './sql-runner.js';
import { pgArray } from './sql-runner.js';

/**
 * PostgreSQL: one UPDATE deactivates a whole batch, each identity with its reason (the id's place in the
 * ids array gives its reason: two arrays, three parameters, whatever the batch size), the shape of
 * complete-deliveries.ts: `ci.id = any($ids)` is the only index condition, so the planner stays on the
 * primary key, and there is no join to misestimate. `int[]`, not `bigint[]`: `channel_identity.id` is a
 * serial, and `array_position` wants the element's own type. Before, the outcome buffer ran one UPDATE
 * per gone recipient inside its flush: a broadcast to a list with many blocked users paid one round
 * trip per gone row on the path that frees send slots (not measured; the batch shape is the one the
 * other flush statements measured).
 */
const POSTGRESQL = `
update channel_identity ci
set active = false, inactive_reason = (?::text[])[array_position(?::int[], ci.id)]
where ci.id = any(?::int[])`;

/** SQLite: the same shape, the batch as one JSON parameter read with json_each, rows found by rowid. */
const SQLITE = `
update channel_identity
set active = 0, inactive_reason = json_extract(v.value, '$[1]')
from json_each(?) v
where channel_identity.id = json_extract(v.value, '$[0]')`;

/**
 * Marks channel identities unreachable (`active = false`) with the reason, in one statement: the one
 * place a `recipient-gone` (a send result or a failed receipt) turns into a deactivated identity. An
 * identity listed twice keeps its last reason, as when each was its own UPDATE. Channel events
 * ('recipient-blocked') go through `PeopleService.setActive` instead.
 *
 * @example
 * await deactivateIdentities(sql, [{ identityId: 7, reason: 'blocked' }, { identityId: 9, reason: 'unknown' }]);
 * // channel_identity 7 and 9: active = false, inactive_reason = 'blocked' / 'unknown'
 */
export async function deactivateIdentities(
  sql: SqlRunner,
  rows: readonly { identityId: number; reason: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  // Last reason wins, and each id once: UPDATE … FROM with two matches for a row picks either.
  const reasons = new Map<number, string>();
  for (const { identityId, reason } of rows) {
    reasons.delete(identityId);
    reasons.set(identityId, reason);
  }
  if (sql.dialect === 'postgresql') {
    const ids = pgArray([...reasons.keys()]);
    await sql.rows(POSTGRESQL, [pgArray([...reasons.values()]), ids, ids]);
  } else {
    await sql.rows(SQLITE, [JSON.stringify([...reasons])]);
  }
}
