import type { Database } from './database.js';

/**
 * The statements that would bring the database to the entities, minus MikroORM 6.6's known SQLite false
 * positives: it "rebuilds" some tables (bigint autoincrement ids, some enum checks) with a definition
 * identical to the one already there. A rebuild whose `create table` equals the stored one is dropped
 * with its copy, rename and index statements; anything else is a real difference.
 *
 * @example
 * t.same(await realSchemaDiff(db), []);
 */
export async function realSchemaDiff(db: Database, options: { safe?: boolean } = {}): Promise<string[]> {
  // `safe: false` also lists column drops (the migration generator wants them; the test does not care).
  const sql = await db.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: options.safe ?? true, dropTables: false });
  const statements = sql.split(/;\n/).map((s) => s.trim().replace(/;$/, '')).filter(Boolean);
  if (db.dialect !== 'sqlite') return statements;
  const noOp = new Set<string>();
  for (const statement of statements) {
    const match = /^create table `(\w+)__temp_alter` (\(.*\))$/s.exec(statement);
    if (!match?.[1]) continue;
    const rows = (await db.em.getConnection().execute(`select sql from sqlite_master where type = 'table' and name = ?`, [match[1]])) as { sql: string }[];
    const stored = rows[0]?.sql.replace(/^CREATE TABLE (`\w+`|"\w+") /, ''); // a table renamed by a migration is stored with "name"
    if (stored === match[2]) noOp.add(match[1]);
  }
  return statements.filter((statement) => {
    if (/^pragma foreign_keys/.test(statement)) return false;
    return ![...noOp].some((table) => new RegExp(`\`${table}(__temp_alter)?\``).test(statement));
  });
}
