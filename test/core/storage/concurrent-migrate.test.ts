import t from 'tap';
import { openDatabase } from '../../../core/internal.js';
import { allEntities, allMigrations } from '../../../scripts/schema-registry.js';
import { onPostgres, testDatabase } from '../../helpers/database.js';

// Two processes started together on an empty database (compose, a rolling upgrade): one migrates, the
// other waits on the advisory lock and finds nothing pending, instead of both creating the same tables.
t.test('two processes migrating one empty PostgreSQL schema at once: one applies, the other waits', { skip: !onPostgres() && 'needs TEST_DATABASE_URL (one SQLite file has one process)' }, async (t) => {
  const target = testDatabase(t);
  const open = () => openDatabase({ url: target.databaseUrl, pgSchema: target.pgSchema, sqlitePath: ':memory:', entities: allEntities, migrations: allMigrations });
  const first = await open();
  t.teardown(() => first.close());
  const second = await open();
  t.teardown(() => second.close());
  const [a, b] = await Promise.all([first.migrate(), second.migrate()]);
  t.same([a.length, b.length].sort((x, y) => x - y), [0, allMigrations.length], 'all migrations applied once, by one of them');
  t.same(await second.pendingMigrations(), [], 'none pending for either');
});
