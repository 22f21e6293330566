import type { SqlRunner } from './sql-runner.js';

/**
 * The mayor's statistics page: four grouped counts over one tenant, each on a `tenant_id` index,
 * counted when asked rather than kept in counters (the page is opened a few times a day; a counter
 * would be one more write per /start and per subscription). core/stats/tenant-stats.ts shapes them.
 */
const PEOPLE = 'select count(*) as n from person where tenant_id = ?';
const IDENTITIES = 'select channel, active, count(*) as n from channel_identity where tenant_id = ? group by channel, active';
const SUBSCRIBERS = `select c.key, count(s.id) as n from category c left join subscription s on s.category_id = c.id
  where c.tenant_id = ? group by c.id, c.key, c.position order by c.position, c.id`;
const NOTICES_SENT = `select sent_at from notice where tenant_id = ? and status in ('sending', 'sent') and sent_at >= ?`;

/**
 * People of a tenant.
 *
 * @example
 * const people = await countPeople(sql, tenant.id);
 */
export async function countPeople(sql: SqlRunner, tenantId: number): Promise<number> {
  const [row] = await sql.rows(PEOPLE, [tenantId]);
  return Number(row?.n ?? 0);
}

/**
 * Channel identities of a tenant by channel and reachability.
 *
 * @example
 * const groups = await identityCounts(sql, tenant.id);
 * groups.filter((g) => g.active).reduce((n, g) => n + g.n, 0); // reachable identities
 */
export async function identityCounts(sql: SqlRunner, tenantId: number): Promise<{ channel: string; active: boolean; n: number }[]> {
  const rows = await sql.rows(IDENTITIES, [tenantId]);
  // SQLite stores booleans as 0/1, PostgreSQL returns true/false.
  return rows.map((r) => ({ channel: String(r.channel), active: r.active === true || r.active === 1 || r.active === '1', n: Number(r.n) }));
}

/**
 * Subscribers per category key, in the categories' order (position, then id); categories without
 * subscribers count 0.
 *
 * @example
 * const rows = await subscriberCounts(sql, tenant.id);
 * rows[0]; // { key: 'protezione-civile', n: 120 }
 */
export async function subscriberCounts(sql: SqlRunner, tenantId: number): Promise<{ key: string; n: number }[]> {
  const rows = await sql.rows(SUBSCRIBERS, [tenantId]);
  return rows.map((r) => ({ key: String(r.key), n: Number(r.n) }));
}

/**
 * When each notice started since `since` (epoch ms), for the notices-per-day chart.
 *
 * @example
 * const times = await noticesSentSince(sql, { tenantId: tenant.id, since: Date.now() - 30 * 86_400_000 });
 * times.map((at) => at.toISOString());
 */
export async function noticesSentSince(sql: SqlRunner, args: { tenantId: number; since: number }): Promise<Date[]> {
  const rows = await sql.rows(NOTICES_SENT, [args.tenantId, sql.dialect === 'sqlite' ? args.since : new Date(args.since)]);
  return rows.map((row) => {
    // PostgreSQL gives timestamptz as text here (MikroORM's pg type parsers), SQLite epoch ms.
    const raw = row.sent_at;
    return raw instanceof Date ? raw : typeof raw === 'number' || /^\d+$/.test(String(raw)) ? new Date(Number(raw)) : new Date(String(raw));
  });
}
