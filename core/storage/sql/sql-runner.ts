import type { Knex } from '@mikro-orm/knex';
import type { Database } from '../database.js';
import type { Dialect } from '../dialect-migration.js';

/** A row as the driver returns it: PostgreSQL gives bigint columns as strings, so callers use `Number()`. */
export type SqlRow = Record<string, unknown>;

/**
 * Runs one raw statement with `?` bindings and returns its rows (or `[]`). The outbox's hot path goes
 * through this, not through the ORM's unit of work: no identity map, no change sets, one round trip.
 *
 * @example
 * const sql = sqlRunner(db);
 * const rows = await sql.rows('select id from delivery where notice_id = ?', [12]);
 * sql.dialect; // 'postgresql' | 'sqlite'
 */
export interface SqlRunner {
  readonly dialect: Dialect;
  rows(statement: string, bindings?: readonly unknown[]): Promise<SqlRow[]>;
  /**
   * Runs `work` in one transaction on one connection (committed when it resolves, rolled back when it
   * throws), for the few statements that must see each other under a lock (the recipient window).
   */
  transaction<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T>;
}

export function sqlRunner(db: Database): SqlRunner {
  return runnerOn(db.em.getKnex(), db.dialect);
}

function runnerOn(knex: Knex | Knex.Transaction, dialect: Dialect): SqlRunner {
  return {
    dialect,
    async rows(statement, bindings = []) {
      const result: unknown = await knex.raw(statement, bindings as never[]);
      if (Array.isArray(result)) return result as SqlRow[];
      const rows = (result as { rows?: unknown } | undefined)?.rows;
      return Array.isArray(rows) ? (rows as SqlRow[]) : [];
    },
    transaction: (work) => knex.transaction((trx) => work(runnerOn(trx, dialect))),
  };
}

/** Encodes ids (and parallel columns) as one parameter: a PostgreSQL array literal. */
export function pgArray(values: readonly (string | number | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `"${v.replace(/(["\\])/g, '\\$1')}"`)).join(',')}}`;
}

/**
 * A runner on the entity manager's open transaction (`em.begin()`), so raw statements commit or roll
 * back with the unit of work; outside a transaction, the plain connection.
 *
 * @example
 * await em.begin(); await sqlIn(em, 'sqlite').rows('insert …', [1]); await em.commit();
 */
export function sqlIn(em: { getTransactionContext(): unknown; getKnex(): Knex }, dialect: Dialect): SqlRunner {
  const trx = em.getTransactionContext() as Knex.Transaction | undefined;
  return runnerOn(trx ?? em.getKnex(), dialect);
}
