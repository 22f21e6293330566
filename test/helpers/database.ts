import { randomBytes } from 'node:crypto';
import type { Test } from 'tap';

/** Where one test's data lives; pass it to several Campanile instances to share it. */
export interface TestDatabase {
  readonly databaseUrl: string | undefined;
  readonly pgSchema: string | undefined;
  readonly sqlitePath: string;
}

/**
 * Where tests keep their data. `TEST_DATABASE_URL=postgres://…` runs the suite on PostgreSQL, each test
 * in its own schema (dropped afterwards); otherwise each test gets an in-memory SQLite database.
 *
 * @example
 * const { databaseUrl, pgSchema } = testDatabase(t);
 */
export function testDatabase(t: Test): TestDatabase {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { databaseUrl: undefined, pgSchema: undefined, sqlitePath: ':memory:' };
  const pgSchema = `t_${randomBytes(6).toString('hex')}`;
  t.teardown(async () => {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists "${pgSchema}" cascade`);
    await client.end();
  });
  return { databaseUrl: url, pgSchema, sqlitePath: ':memory:' };
}

export const onPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL);
