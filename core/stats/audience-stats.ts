import type { SqlEntityManager } from '@mikro-orm/knex';
import { AudienceDay } from '../storage/entities/audience-day.js';
import { Category } from '../storage/entities/category.js';

/** A comune's audience on one day: channels summed, or one channel. */
export interface AudienceDayTotals {
  readonly day: string;
  readonly followers: number;
  readonly joins: number;
  readonly leaves: number;
  readonly subscribes: number;
  readonly unsubscribes: number;
  /** Subscriptions per category key at the day's end (a deleted category as `#<id>`), largest first. */
  readonly subscriptions: readonly { readonly category: string; readonly count: number }[];
}

/** The daily snapshot between two days, and the channels it has seen. */
export interface AudienceSeries {
  readonly channels: readonly string[];
  readonly days: readonly AudienceDayTotals[];
}

/**
 * Reads the rolled-up audience (`audience_day`) from `from` to `to` (YYYY-MM-DD, both included) through
 * a tenant-scoped entity manager, summing the channels or keeping one. Only rolled days are listed: a
 * day before the first event has no row, and today's row is at most an hour old.
 *
 * @example
 * const series = await audienceSeries(em, { from: '2026-12-01', to: '2026-12-06' });
 * series.days.at(-1)?.followers; // 1520
 */
export async function audienceSeries(em: SqlEntityManager, range: { from: string; to: string; channel?: string | undefined }): Promise<AudienceSeries> {
  const rows = await em.find(AudienceDay, { day: { $gte: range.from, $lte: range.to } }, { orderBy: { day: 'asc', channel: 'asc' } });
  const keys = new Map((await em.find(Category, {})).map((c) => [String(c.id), c.key]));
  const channels = [...new Set(rows.map((r) => r.channel))].sort();
  const byDay = new Map<string, { followers: number; joins: number; leaves: number; subscribes: number; unsubscribes: number; subscriptions: Map<string, number> }>();
  for (const row of rows) {
    if (range.channel !== undefined && row.channel !== range.channel) continue;
    const day = byDay.get(row.day) ?? { followers: 0, joins: 0, leaves: 0, subscribes: 0, unsubscribes: 0, subscriptions: new Map<string, number>() };
    byDay.set(row.day, day);
    day.followers += row.followers;
    day.joins += row.joins;
    day.leaves += row.leaves;
    day.subscribes += row.subscribes;
    day.unsubscribes += row.unsubscribes;
    for (const [id, n] of Object.entries(row.subscriptions)) {
      const key = keys.get(id) ?? `#${id}`;
      day.subscriptions.set(key, (day.subscriptions.get(key) ?? 0) + n);
    }
  }
  const days = [...byDay].map(([day, d]) => ({
    day, followers: d.followers, joins: d.joins, leaves: d.leaves, subscribes: d.subscribes, unsubscribes: d.unsubscribes,
    subscriptions: [...d.subscriptions].filter(([, n]) => n !== 0).map(([category, count]) => ({ category, count }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
  }));
  return { channels, days };
}
