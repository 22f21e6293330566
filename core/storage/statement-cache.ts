/** The part of a better-sqlite3 connection the cache wraps. */
interface PreparingConnection {
  prepare(sql: string): unknown;
}

/** Statements kept per connection: the hot path uses a few dozen; `in (?, ?, …)` lists of every length add more. */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * Makes a SQLite connection reuse its prepared statements. knex's better-sqlite3 dialect prepares every
 * query anew (parse and plan, ~6 % of a webhook turn's CPU), though a statement can run again with new
 * bindings; the driver is synchronous, so no two queries share one at a time. SQLite re-prepares a cached
 * statement by itself after a schema change (migrations). The oldest entry goes when the cache is full.
 *
 * @example
 * MikroORM.init({ driver: BetterSqliteDriver, pool: { afterCreate: cacheStatements } });
 */
export function cacheStatements(connection: PreparingConnection, done: (error: Error | null, connection: unknown) => void): void {
  const prepare = connection.prepare.bind(connection);
  const cache = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(sql, statement);
    }
    return statement;
  };
  done(null, connection);
}
