import { createRequire } from 'node:module';
import t from 'tap';
import { cacheStatements, STATEMENT_CACHE_SIZE } from '../../../core/storage/statement-cache.js';

/** The part of better-sqlite3 (the driver MikroORM runs on SQLite; it ships no types) these tests use. */
interface Statement { run(...values: unknown[]): unknown; all(...values: unknown[]): unknown[] }
interface Connection { prepare(sql: string): Statement; close(): void }
const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string) => Connection;

t.test('a connection prepares each statement once and reuses it with new bindings', async (t) => {
  const db = new Database(':memory:');
  t.teardown(() => db.close());
  let prepared = 0;
  const original = db.prepare.bind(db);
  db.prepare = (sql: string) => { prepared += 1; return original(sql); };
  cacheStatements(db as { prepare(sql: string): unknown }, (error) => t.equal(error, null));
  db.prepare('create table t (id integer primary key, v text)').run();
  const insert = 'insert into t (v) values (?)';
  for (const v of ['a', 'b', 'c']) db.prepare(insert).run(v);
  t.same(db.prepare('select v from t order by id').all(), [{ v: 'a' }, { v: 'b' }, { v: 'c' }], 'each run used its own bindings');
  t.equal(prepared, 3, 'create, insert, select: prepared once each');
  db.prepare('alter table t add column w text').run();
  t.same(db.prepare('select v from t order by id').all(), [{ v: 'a' }, { v: 'b' }, { v: 'c' }], 'a cached statement still runs after a schema change');
});

t.test('the cache is bounded: the oldest statement goes', async (t) => {
  const db = new Database(':memory:');
  t.teardown(() => db.close());
  let prepared = 0;
  const original = db.prepare.bind(db);
  db.prepare = (sql: string) => { prepared += 1; return original(sql); };
  cacheStatements(db as { prepare(sql: string): unknown }, () => undefined);
  for (let i = 0; i <= STATEMENT_CACHE_SIZE; i++) db.prepare(`select ${i}`);
  t.equal(prepared, STATEMENT_CACHE_SIZE + 1);
  db.prepare(`select ${STATEMENT_CACHE_SIZE}`);
  t.equal(prepared, STATEMENT_CACHE_SIZE + 1, 'the newest is still cached');
  db.prepare('select 0');
  t.equal(prepared, STATEMENT_CACHE_SIZE + 2, 'the oldest was dropped');
});
