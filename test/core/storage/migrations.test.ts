import t from 'tap';
import { openDatabase } from '../../../core/internal.js';
import { allEntities, allMigrations } from '../../../scripts/schema-registry.js';
import { testDatabase } from '../../helpers/database.js';
import { realSchemaDiff } from '../../../core/internal.js';

t.test('the migrations build exactly the schema the entities describe', async (t) => {
  const target = testDatabase(t);
  const db = await openDatabase({ url: target.databaseUrl, pgSchema: target.pgSchema, sqlitePath: ':memory:', entities: allEntities, migrations: allMigrations });
  t.teardown(() => db.close());
  const applied = await db.migrate();
  t.ok(applied.length >= 1, `${applied.length} migrations applied on ${db.dialect}`);
  t.same(await db.pendingMigrations(), [], 'none pending');
  t.same(await realSchemaDiff(db), [], 'no difference between entities and migrated schema');
  t.same(await db.migrate(), [], 'migrating again is a no-op');
});
