import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { FlushMode, MikroORM, type EntitySchema, type MigrationObject, type Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Dialect } from './dialect-migration.js';
import { AudienceRecorder } from './audience-recorder.js';
import { cacheStatements } from './statement-cache.js';

/**
 * Opens the database: SQLite (a file, the embedded default) or PostgreSQL when the URL says
 * `postgres://`. Migrations are applied by `migrate()`; the schema is never synchronised from entities.
 *
 * @example
 * const db = await openDatabase({ url: process.env.DATABASE_URL, sqlitePath: 'data/campanile.sqlite', entities, migrations });
 * await db.migrate();
 * const em = db.orm.em.fork();
 */
export interface DatabaseOptions {
  /** `postgres://…` for PostgreSQL; unset for SQLite. */
  readonly url?: string | undefined;
  /** SQLite file (created with its folder), or ':memory:'. */
  readonly sqlitePath: string;
  /** PostgreSQL schema to live in (tests use one schema each); default `public`. */
  readonly pgSchema?: string | undefined;
  readonly entities: readonly EntitySchema[];
  readonly migrations: readonly MigrationObject[];
  readonly debug?: boolean;
}

export interface Database {
  readonly orm: MikroORM;
  readonly dialect: Dialect;
  /** Root entity manager; fork it per unit of work. */
  readonly em: SqlEntityManager;
  migrate(): Promise<string[]>;
  /** Names of migrations not yet applied. */
  pendingMigrations(): Promise<string[]>;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url && !/^postgres(ql)?:\/\//.test(options.url)) {
    // loadConfig turns sqlite:<path> into sqlitePath and refuses other schemes; a caller that skipped it gets the same fix.
    throw new Error(`openDatabase: "${options.url.split(':')[0]}:" is not a PostgreSQL URL: pass postgres://… as url, or leave url unset and give sqlitePath.`);
  }
  const dialect: Dialect = options.url ? 'postgresql' : 'sqlite';
  const migrations = [...options.migrations].sort((a, b) => a.name.localeCompare(b.name));
  const common: Options = {
    entities: [...options.entities],
    extensions: [Migrator],
    debug: options.debug ?? false,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    // A turn's changes are written only when the engine commits them, never by a query halfway through.
    flushMode: FlushMode.COMMIT,
    // Joins and (un)subscriptions become audience events in the flush that makes them (see audience-recorder.ts).
    subscribers: [new AudienceRecorder()],
    // Without this MikroORM would look for a config file and for entities on disk.
    discovery: { warnWhenNoEntities: true, requireEntitiesArray: true },
    migrations: { migrationsList: migrations, transactional: true, allOrNothing: true, snapshot: false, silent: true },
  };
  let orm: MikroORM;
  if (dialect === 'postgresql') {
    const schema = options.pgSchema ?? 'public';
    orm = await MikroORM.init({
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: options.url,
      schema,
      // Unqualified names in generated migration SQL land in our schema.
      pool: { min: 0, max: 10, afterCreate: setSearchPath(schema) },
    });
    if (schema !== 'public') await orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
  } else {
    if (options.sqlitePath !== ':memory:') mkdirSync(dirname(options.sqlitePath), { recursive: true });
    orm = await MikroORM.init({ ...common, driver: BetterSqliteDriver, dbName: options.sqlitePath, pool: { afterCreate: cacheStatements } });
    const connection = orm.em.getConnection();
    // WAL lets readers run beside the single writer; NORMAL sync is durable across process crashes.
    await connection.execute('pragma journal_mode = WAL');
    await connection.execute('pragma synchronous = NORMAL');
    await connection.execute('pragma busy_timeout = 5000');
    await connection.execute('pragma foreign_keys = ON');
  }
  const em = orm.em as unknown as SqlEntityManager;
  return {
    orm,
    dialect,
    em,
    migrate: async () => {
      if (dialect !== 'postgresql') return (await orm.getMigrator().up()).map((m) => m.name);
      // Several processes starting at once on one database (compose, a rolling upgrade) would each run the
      // pending migrations: the first to take this schema's advisory lock migrates, the others wait and then
      // find nothing pending. Session-level, on a connection of its own, released when it closes.
      return withAdvisoryLock(options.url!, `campanile:migrate:${options.pgSchema ?? 'public'}`, async () => (await orm.getMigrator().up()).map((m) => m.name));
    },
    pendingMigrations: async () => (await orm.getMigrator().getPendingMigrations()).map((m) => m.name),
    close: () => orm.close(true),
  };
}

function setSearchPath(schema: string) {
  return (connection: { query(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, c: unknown) => void) => {
    connection.query(`set search_path to "${schema}"`, (err) => done(err, connection));
  };
}

/** Runs `work` holding PostgreSQL's session advisory lock on `key` (hashed), from a connection of its own. */
async function withAdvisoryLock<T>(url: string, key: string, work: () => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [key]);
    return await work();
  } finally {
    // Ending the session releases the lock, even when the unlock itself fails.
    await client.query('select pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
    await client.end();
  }
}
