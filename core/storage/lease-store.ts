import { leasesOn, type Leases } from '../cluster/leases.js';
import { sqlLeaseTable } from './sql/cluster-leases.js';
import type { SqlRunner } from './sql/sql-runner.js';

/**
 * The persisted `Leases` of one Campanile process: rows in `cluster_lease`, shared by every process on
 * the same database. The composition root makes one per instance (one holder id) and gives each adapter
 * a view scoped to its channel (`AdapterRuntime.leases`).
 *
 * @example
 * const leases = storedLeases(sqlRunner(db), { holder: leaseHolderId() });
 * const lease = await leases.acquire('telegram:polling:123456', 30_000);
 */
export function storedLeases(sql: SqlRunner, options: { readonly holder: string; readonly now?: () => number }): Leases {
  return leasesOn(sqlLeaseTable(sql), options);
}
