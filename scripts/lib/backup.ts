import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import createDebug from 'debug';
import type { CampanileConfig } from '../../core/internal.js';

const debug = createDebug('campanile:backup');
const run = promisify(execFile);

/** What `manifest.json` in a backup folder says about it. */
export interface BackupManifest {
  readonly format: 'campanile-backup';
  /** Campanile's version (package.json) that wrote it. */
  readonly version: string;
  /** When the database snapshot was taken (ISO 8601, UTC). */
  readonly createdAt: string;
  readonly dialect: 'sqlite' | 'postgresql';
  /** The database file in the folder: `campanile.sqlite` (a SQLite database) or `campanile.pgdump` (pg_dump -Fc). */
  readonly database: string;
  /** Migrations applied to the database when it was backed up, in order. */
  readonly migrations: readonly string[];
  /** The media folder copy (`media/`) and how many files it holds. */
  readonly media: { readonly folder: string; readonly files: number };
}

const MANIFEST = 'manifest.json';

/**
 * Backs up a running (or stopped) Campanile into `out`, a new or empty folder: the database first (SQLite:
 * better-sqlite3's online backup API, a consistent snapshot while the process keeps writing; PostgreSQL:
 * `pg_dump -Fc`, one consistent transaction), then the media folder (files are content-addressed and
 * written before the rows that name them, so every file a backed-up row names is copied), then the manifest.
 *
 * @example
 * const manifest = await backup(loadConfig(process.env), '/var/backups/campanile/2026-12-03');
 * manifest.migrations.length;
 */
export async function backup(config: CampanileConfig, out: string): Promise<BackupManifest> {
  if (existsSync(out) && readdirSync(out).length > 0) throw new Error(`${out} is not empty: back up into a new or empty folder.`);
  mkdirSync(out, { recursive: true });
  const createdAt = new Date().toISOString();
  let dialect: BackupManifest['dialect'];
  let database: string;
  let migrations: string[];
  if (config.databaseUrl) {
    dialect = 'postgresql';
    database = 'campanile.pgdump';
    migrations = await pgMigrations(config.databaseUrl);
    // -Fc: compressed, restorable table by table with pg_restore; --no-owner: restorable by another role.
    await run('pg_dump', ['-Fc', '--no-owner', '--no-privileges', '-f', join(out, database), '-d', config.databaseUrl]).catch((error: unknown) => {
      throw new Error(`pg_dump failed (install the PostgreSQL client tools, same major version as the server): ${(error as Error).message}`);
    });
  } else {
    dialect = 'sqlite';
    database = 'campanile.sqlite';
    if (!existsSync(config.sqlitePath)) throw new Error(`No SQLite database at ${config.sqlitePath}: set DATABASE_URL / SQLITE_PATH / DATA_DIR as for npm start.`);
    const db = openSqlite(config.sqlitePath, { readonly: true });
    try {
      migrations = (db.prepare('select name from mikro_orm_migrations order by id').all() as { name: string }[]).map((r) => r.name);
      // Page by page, letting the running process write in between (better-sqlite3 restarts the copy itself
      // when another connection changed a page already copied, so the file is one consistent snapshot).
      await db.backup(join(out, database));
    } finally {
      db.close();
    }
  }
  debug('database backed up (%s, %d migrations)', dialect, migrations.length);
  const files = copyMedia(config.mediaDir, join(out, 'media'));
  const manifest: BackupManifest = { format: 'campanile-backup', version: packageVersion(), createdAt, dialect, database, migrations, media: { folder: 'media', files } };
  writeFileSync(join(out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Restores a backup folder into an empty target, the one `config` names (as `npm start` would open it):
 * SQLite: a database file that must not exist yet; PostgreSQL: a database with no tables (create a fresh
 * one), filled by `pg_restore`; the media folder must be absent or empty. Refuses a backup of the other
 * dialect. Start Campanile on the target afterwards: it applies the migrations this version has and the
 * backup lacks.
 *
 * @example
 * await restore(loadConfig({ DATABASE_URL: 'postgres://postgres@db/campanile_restored' }), '/var/backups/campanile/2026-12-03');
 */
export async function restore(config: CampanileConfig, from: string): Promise<BackupManifest> {
  const manifest = readManifest(from);
  const target = config.databaseUrl ? 'postgresql' : 'sqlite';
  if (manifest.dialect !== target) {
    throw new Error(`The backup in ${from} is of a ${manifest.dialect} database and the target is ${target}: set DATABASE_URL to a ${manifest.dialect === 'sqlite' ? 'sqlite:<path>' : 'postgres://… database'} target.`);
  }
  if (existsSync(config.mediaDir) && readdirSync(config.mediaDir).length > 0) throw new Error(`The media folder ${config.mediaDir} is not empty: restore into an empty one (MEDIA_DIR).`);
  if (config.databaseUrl) {
    const tables = await pgTableCount(config.databaseUrl);
    if (tables > 0) throw new Error(`The target database has ${tables} tables: restore into a fresh database (createdb campanile_restored) and point DATABASE_URL at it.`);
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '-d', config.databaseUrl, join(from, manifest.database)]).catch((error: unknown) => {
      throw new Error(`pg_restore failed: ${(error as Error).message}`);
    });
  } else {
    if (config.sqlitePath === ':memory:' || existsSync(config.sqlitePath)) throw new Error(`${config.sqlitePath} exists: restore into a new file (SQLITE_PATH or DATABASE_URL=sqlite:<path>), or move it away first.`);
    mkdirSync(dirname(config.sqlitePath), { recursive: true });
    // Through the backup API again rather than a file copy: the result is checked as a database and lands
    // in one piece (a copy interrupted halfway would leave a file that looks like a database).
    const source = openSqlite(join(from, manifest.database), { readonly: true });
    try {
      await source.backup(config.sqlitePath);
    } finally {
      source.close();
    }
  }
  copyMedia(join(from, manifest.media.folder), config.mediaDir);
  debug('restored %s backup of %s', manifest.dialect, manifest.createdAt);
  return manifest;
}

/** Reads and checks `manifest.json` of a backup folder. */
export function readManifest(from: string): BackupManifest {
  const path = join(from, MANIFEST);
  if (!existsSync(path)) throw new Error(`${from} holds no ${MANIFEST}: give the folder npm run backup wrote.`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  if (manifest.format !== 'campanile-backup' || !['sqlite', 'postgresql'].includes(manifest.dialect)) throw new Error(`${path} is not a Campanile backup manifest.`);
  return manifest;
}

/** Copies the media folder (absent: nothing), leaving out files still being written (`*.tmp`); returns how many media files (sidecar `.json` not counted). */
function copyMedia(from: string, to: string): number {
  mkdirSync(to, { recursive: true });
  if (!existsSync(from)) return 0;
  cpSync(from, to, { recursive: true, errorOnExist: true, force: false, filter: (source) => !source.endsWith('.tmp') });
  return readdirSync(to, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && !entry.name.endsWith('.json')).length;
}

interface SqliteDatabase {
  prepare(sql: string): { all(): unknown[] };
  backup(destination: string): Promise<unknown>;
  close(): void;
}

/** better-sqlite3, the very copy the MikroORM driver uses (it pins the version; see docs/stack). */
function openSqlite(path: string, options: { readonly: boolean }): SqliteDatabase {
  const require = createRequire(import.meta.url);
  const fromDriver = createRequire(require.resolve('@mikro-orm/better-sqlite'));
  const Database = fromDriver('better-sqlite3') as new (path: string, options: { readonly: boolean; fileMustExist: boolean }) => SqliteDatabase;
  return new Database(path, { ...options, fileMustExist: true });
}

async function pgClient(url: string) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

async function pgMigrations(url: string): Promise<string[]> {
  const client = await pgClient(url);
  try {
    return (await client.query<{ name: string }>('select name from mikro_orm_migrations order by id')).rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

async function pgTableCount(url: string): Promise<number> {
  const client = await pgClient(url);
  try {
    const { rows } = await client.query<{ n: string }>(`select count(*) as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return String((require('../../package.json') as { version: string }).version);
}
