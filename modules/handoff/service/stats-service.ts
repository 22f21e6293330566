/**
 * Handoff statistics of a comune: who waits now, first-response and resolution times (median and
 * 90th percentile, seconds), conversations per day in the comune's calendar, ratings.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { utcToZoned, type TenantInfo } from '../../../core/internal.js';
import { HandoffConversation } from '../entities/index.js';
import { onlineOperators } from './conversation-store.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * @example
 * const stats = await handoffStats(em, tenant, 30, new Date());
 */
export async function handoffStats(em: SqlEntityManager, tenant: TenantInfo, days: number, now: Date) {
  const since = new Date(now.getTime() - days * DAY_MS);
  const [waiting, deferred, live, operatorsOnline, rows] = await Promise.all([
    em.count(HandoffConversation, { state: 'waiting' }),
    em.count(HandoffConversation, { state: 'deferred' }),
    em.count(HandoffConversation, { state: 'live' }),
    onlineOperators(em, now),
    em.find(HandoffConversation, { requestedAt: { $gte: since } }),
  ]);
  const firstResponse = (c: HandoffConversation) => (c.firstResponseAt ? (c.firstResponseAt.getTime() - c.requestedAt.getTime()) / 1000 : null);
  const resolution = (c: HandoffConversation) => (c.closedAt ? (c.closedAt.getTime() - c.requestedAt.getTime()) / 1000 : null);
  const byDay = new Map<string, HandoffConversation[]>();
  for (const row of rows) {
    const date = utcToZoned(row.requestedAt, tenant.timezone).slice(0, 10);
    byDay.set(date, [...(byDay.get(date) ?? []), row]);
  }
  const ratings = rows.map((r) => r.rating).filter((r): r is number => typeof r === 'number');
  return {
    now: { waiting, deferred, live, operatorsOnline },
    days: [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, list]) => ({
      date, requested: list.length, closed: list.filter((c) => c.state === 'closed').length,
      medianFirstResponseSeconds: quantile(list.map(firstResponse), 0.5), medianResolutionSeconds: quantile(list.map(resolution), 0.5),
    })),
    ratings: { count: ratings.length, average: ratings.length ? round(ratings.reduce((a, b) => a + b, 0) / ratings.length) : null },
    firstResponse: { medianSeconds: quantile(rows.map(firstResponse), 0.5), p90Seconds: quantile(rows.map(firstResponse), 0.9) },
    resolution: { medianSeconds: quantile(rows.map(resolution), 0.5), p90Seconds: quantile(rows.map(resolution), 0.9) },
  };
}

/** Nearest-rank quantile of the known values; null when there are none. */
function quantile(values: readonly (number | null)[], q: number): number | null {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length === 0) return null;
  return round(known[Math.min(known.length - 1, Math.ceil(q * known.length) - 1)] ?? 0);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
