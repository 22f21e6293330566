import type { SqlEntityManager } from '@mikro-orm/knex';

/** Transaction-level and keyed by schema, like the retention run's lock (retention-lock.ts). PostgreSQL only. */
const TRY_LOCK = "select pg_try_advisory_xact_lock(hashtext('campanile:audience-rollup:' || current_schema())) as locked";

/**
 * Takes the audience roll-up's lock inside the entity manager's open transaction; false when another
 * process holds it (it is rolling up now, so this one skips). Released with the transaction, also when
 * the process dies mid-run.
 *
 * @example
 * await em.transactional(async (tx) => ((await tryAudienceRollupLock(tx)) ? rollUp(tx) : skip()));
 */
export async function tryAudienceRollupLock(tx: SqlEntityManager): Promise<boolean> {
  const [row] = await tx.getConnection().execute<{ locked: unknown }[]>(TRY_LOCK, [], 'all', tx.getTransactionContext());
  return Boolean(row?.locked);
}
