import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';

/** Options of `deleteInBatches`. */
export interface DeleteInBatchesOptions<T> {
  /** Most rows per delete statement. */
  readonly batchSize: number;
  /** Columns besides `id` to read for `onBatch` (e.g. a file's hash). */
  readonly fields?: readonly (keyof T & string)[];
  /** Runs after each batch was deleted, with its rows (to delete the files they pointed at). */
  readonly onBatch?: (rows: readonly T[]) => Promise<void>;
}

/**
 * Deletes every row matching `where`, at most `batchSize` per statement, and returns how many went.
 * Each batch is its own short statement pair (select the ids, delete them by id), so a backlog of a
 * million rows never holds a long lock or one huge transaction, and another process deleting the same
 * rows at the same time only makes a batch count fewer (a delete by id is idempotent). Filters are off:
 * `where` must name the tenant itself. Rows are read without the identity map.
 *
 * @example
 * const deleted = await deleteInBatches(em, MessageLog, { tenant: tenant.id, createdAt: { $lt: before } }, { batchSize: 1000 });
 */
export async function deleteInBatches<T extends { id: number }>(
  em: SqlEntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  options: DeleteInBatchesOptions<T>,
): Promise<number> {
  const { batchSize, fields = [], onBatch } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`deleteInBatches needs a whole batchSize of at least 1, not ${batchSize}.`);
  let total = 0;
  for (;;) {
    const rows = (await em.find(entity, where, {
      fields: ['id', ...fields] as never, limit: batchSize, filters: false, disableIdentityMap: true,
    })) as unknown as T[];
    if (rows.length === 0) break;
    total += await em.nativeDelete(entity, { id: { $in: rows.map((r) => r.id) } } as unknown as FilterQuery<T>, { filters: false });
    if (onBatch) await onBatch(rows);
    // A short batch was the last one: no need for one more query to learn that nothing is left.
    if (rows.length < batchSize) break;
  }
  return total;
}
