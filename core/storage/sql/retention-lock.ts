import type { SqlRunner } from './sql-runner.js';

/**
 * Transaction-level, so the lock goes with the transaction even if the process dies mid-run. Advisory
 * locks span the whole database, hence the schema in the key. PostgreSQL only.
 */
const TRY_LOCK = "select pg_try_advisory_xact_lock(hashtext('campanile:retention:' || current_schema())) as locked";

/**
 * Takes the retention run's lock inside the transaction `tx`; false when another process holds it.
 *
 * @example
 * await sqlRunner(db).transaction(async (tx) => ((await tryRetentionLock(tx)) ? run() : skip()));
 */
export async function tryRetentionLock(tx: SqlRunner): Promise<boolean> {
  const [row] = await tx.rows(TRY_LOCK);
  return Boolean(row?.locked);
}
