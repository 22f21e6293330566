import type { SqlRunner } from './sql-runner.js';

/**
 * The same recipients planning would snapshot now (plan-deliveries.ts): active identities whose person
 * subscribes to the category. A count over the subscription join, not a planning dry run: the admin
 * shows it before "send", and an estimate that is off by the people who (un)subscribe meanwhile is fine.
 */
const AUDIENCE = `select count(*) as n from channel_identity ci join subscription s on s.person_id = ci.person_id and s.category_id = ?
  where ci.tenant_id = ? and ci.active = ?`;

/**
 * How many channel identities a notice of this category would reach now.
 *
 * @example
 * const reach = await countAudience(sql, { tenantId: tenant.id, categoryId: 3 });
 * `${reach} destinatari`;
 */
export async function countAudience(sql: SqlRunner, args: { tenantId: number; categoryId: number }): Promise<number> {
  const [row] = await sql.rows(AUDIENCE, [args.categoryId, args.tenantId, true]);
  return Number(row?.n ?? 0);
}
