import type { LeaseArgs, LeaseTable } from '../../cluster/leases.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * Takes a lease: the upsert writes only when the key is free (no row, or released), expired, or already
 * this holder's, and `returning` says whether it did. One statement, the same in both dialects
 * (PostgreSQL's row lock on the conflicting row and SQLite's single writer make it atomic), so two
 * processes can never both see themselves as holder of a live lease; the loser's `where` is false and
 * it gets no row back. `acquired_at` keeps the first acquisition while the same holder re-takes it.
 * Rejected: `pg_try_advisory_lock` (tied to one pooled connection, gone with it, absent on SQLite) and
 * `select … for update` then `update` (two round trips in a transaction for what one statement does).
 */
const ACQUIRE = `
insert into cluster_lease (key, holder, expires_at, acquired_at) values (?, ?, ?, ?)
on conflict (key) do update set
  holder = excluded.holder,
  expires_at = excluded.expires_at,
  acquired_at = case when cluster_lease.holder = excluded.holder then cluster_lease.acquired_at else excluded.acquired_at end
where cluster_lease.holder = excluded.holder or cluster_lease.expires_at <= ?
returning holder`;

/**
 * Fenced renewal: only while the row still names this holder. An expired lease nobody took yet is
 * renewed (no one else worked meanwhile); one another process took is not, and the holder stops.
 */
const RENEW = 'update cluster_lease set expires_at = ? where key = ? and holder = ? returning holder';

/** Fenced release: a late release by a holder that already lost the lease deletes nothing. */
const RELEASE = 'delete from cluster_lease where key = ? and holder = ?';

/**
 * Tries to hold `key` until `now + ttlMs`; true when `holder` holds it now.
 *
 * @example
 * if (await acquireLease(sql, { key: 'telegram:polling:123', holder, now: Date.now(), ttlMs: 30_000 })) poll();
 */
export async function acquireLease(sql: SqlRunner, args: LeaseArgs): Promise<boolean> {
  const rows = await sql.rows(ACQUIRE, [args.key, args.holder, args.now + args.ttlMs, args.now, args.now]);
  return rows.some((r) => r.holder === args.holder);
}

/** Extends `holder`'s lease on `key` to `now + ttlMs`; false when the lease is no longer theirs. */
export async function renewLease(sql: SqlRunner, args: LeaseArgs): Promise<boolean> {
  const rows = await sql.rows(RENEW, [args.now + args.ttlMs, args.key, args.holder]);
  return rows.length > 0;
}

/** Frees `key` if `holder` still has it. */
export async function releaseLease(sql: SqlRunner, args: { key: string; holder: string }): Promise<void> {
  await sql.rows(RELEASE, [args.key, args.holder]);
}

/**
 * The `cluster_lease` table as a `LeaseTable`.
 *
 * @example
 * const leases = leasesOn(sqlLeaseTable(sqlRunner(db)), { holder: leaseHolderId() });
 */
export function sqlLeaseTable(sql: SqlRunner): LeaseTable {
  return {
    acquire: (args) => acquireLease(sql, args),
    renew: (args) => renewLease(sql, args),
    release: (args) => releaseLease(sql, args),
  };
}
