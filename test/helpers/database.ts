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

/**
 * A whole new PostgreSQL database on the server `TEST_DATABASE_URL` names, dropped (forcibly) at teardown:
 * for tests that spawn `server.ts`, which runs in the `public` schema and must share it with no one.
 *
 * @example
 * const databaseUrl = await freshPgDatabase(t); // postgres://…/ops_1a2b3c4d5e
 */
export async function freshPgDatabase(t: Test): Promise<string> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('freshPgDatabase needs TEST_DATABASE_URL (a PostgreSQL server)');
  const { default: pg } = await import('pg');
  const name = `ops_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  t.teardown(async () => {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}
