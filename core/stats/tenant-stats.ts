import type { SqlRunner } from '../storage/sql/sql-runner.js';
import { countPeople, identityCounts, noticesSentSince, subscriberCounts } from '../storage/sql/tenant-counts.js';

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
 * subscribers per category and notices sent over time. Four grouped queries
 * (core/storage/sql/tenant-counts.ts); the admin API's stats route serves them as they are.
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
  const people = await countPeople(sql, tenantId);
  const identities = new Map<string, { channel: string; active: number; inactive: number }>();
  for (const row of await identityCounts(sql, tenantId)) {
    const entry = identities.get(row.channel) ?? { channel: row.channel, active: 0, inactive: 0 };
    if (row.active) entry.active += row.n;
    else entry.inactive += row.n;
    identities.set(row.channel, entry);
  }
  const subscribers = await subscriberCounts(sql, tenantId);
  const days = args.days ?? 30;
  const since = (args.now ?? Date.now()) - days * 86_400_000;
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: args.timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const perDay = new Map<string, number>();
  for (const at of await noticesSentSince(sql, { tenantId, since })) {
    const day = dayOf.format(at);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  return {
    people,
    activeIdentities: Object.fromEntries([...identities.values()].filter((i) => i.active > 0).map((i) => [i.channel, i.active])),
    identities: [...identities.values()],
    subscribers: Object.fromEntries(subscribers.map((r) => [r.key, r.n])),
    subscribersByCategory: subscribers.map((r) => ({ category: r.key, count: r.n })),
    noticesSent: [...perDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ day, count })),
  };
}
