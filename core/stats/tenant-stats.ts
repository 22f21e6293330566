import type { SqlRunner } from '../storage/sql/sql-runner.js';

/** A tenant's audience and activity. */
export interface TenantStats {
  readonly people: number;
  /** Active channel identities per channel. */
  readonly activeIdentities: Readonly<Record<string, number>>;
  /** Reachable and unreachable (blocked, gone) identities per channel. */
  readonly identities: readonly { readonly channel: string; readonly active: number; readonly inactive: number }[];
  /** Subscribers (people) per category key. */
  readonly subscribers: Readonly<Record<string, number>>;
  /** The same, as a list in the categories' order (position, then id). */
  readonly subscribersByCategory: readonly { readonly category: string; readonly count: number }[];
  /** Notices sent (started) per day in the tenant's timezone, oldest first, for the last `days` days. */
  readonly noticesSent: readonly { readonly day: string; readonly count: number }[];
}

/**
 * The statistics the mayor sees at any time: people connected, active identities per channel,
 * subscribers per category and notices sent over time. Four grouped queries; the admin API's stats
 * route serves them as they are.
 *
 * @example
 * const stats = await tenantStats(sql, { tenantId: tenant.id, timezone: tenant.timezone, days: 30, now: Date.now() });
 * stats.subscribers['protezione-civile'];
 */
export async function tenantStats(
  sql: SqlRunner,
  args: { tenantId: number; timezone: string; days?: number; now?: number },
): Promise<TenantStats> {
  const { tenantId } = args;
  const [people] = await sql.rows('select count(*) as n from person where tenant_id = ?', [tenantId]);
  const identityRows = await sql.rows(
    'select channel, active, count(*) as n from channel_identity where tenant_id = ? group by channel, active', [tenantId],
  );
  const identities = new Map<string, { channel: string; active: number; inactive: number }>();
  for (const row of identityRows) {
    const channel = String(row.channel);
    const entry = identities.get(channel) ?? { channel, active: 0, inactive: 0 };
    // SQLite stores booleans as 0/1, PostgreSQL returns true/false.
    if (row.active === true || row.active === 1 || row.active === '1') entry.active += Number(row.n);
    else entry.inactive += Number(row.n);
    identities.set(channel, entry);
  }
  const subscribers = await sql.rows(
    `select c.key, count(s.id) as n from category c left join subscription s on s.category_id = c.id
     where c.tenant_id = ? group by c.id, c.key, c.position order by c.position, c.id`, [tenantId],
  );
  const days = args.days ?? 30;
  const since = new Date((args.now ?? Date.now()) - days * 86_400_000);
  const sent = await sql.rows(
    `select sent_at from notice where tenant_id = ? and status in ('sending', 'sent') and sent_at >= ?`,
    [tenantId, sql.dialect === 'sqlite' ? since.getTime() : since],
  );
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: args.timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const perDay = new Map<string, number>();
  for (const row of sent) {
    // PostgreSQL gives timestamptz as text here (MikroORM's pg type parsers), SQLite epoch ms.
    const raw = row.sent_at;
    const at = raw instanceof Date ? raw : typeof raw === 'number' || /^\d+$/.test(String(raw)) ? new Date(Number(raw)) : new Date(String(raw));
    const day = dayOf.format(at);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  return {
    people: Number(people?.n ?? 0),
    activeIdentities: Object.fromEntries([...identities.values()].filter((i) => i.active > 0).map((i) => [i.channel, i.active])),
    identities: [...identities.values()],
    subscribers: Object.fromEntries(subscribers.map((r) => [String(r.key), Number(r.n)])),
    subscribersByCategory: subscribers.map((r) => ({ category: String(r.key), count: Number(r.n) })),
    noticesSent: [...perDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ day, count })),
  };
}
