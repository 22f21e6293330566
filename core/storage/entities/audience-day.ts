import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/**
 * A comune's audience on one channel at the end of one day (the comune's timezone): the daily snapshot
 * the dashboard charts, summed from `audience_event` by `AudienceRollup` and never recomputed from the
 * live tables. `followers` and `subscriptions` are totals at the day's end; `joins`, `leaves`,
 * `subscribes` and `unsubscribes` are that day's changes.
 *
 * @example
 * await em.find(AudienceDay, { day: { $gte: '2026-12-01' }, channel: 'telegram' }, { orderBy: { day: 'asc' } });
 */
export const AudienceDay = defineEntity({
  name: 'AudienceDay',
  tableName: 'audience_day',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'day', 'channel'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    /** YYYY-MM-DD in the comune's timezone: sorts as text in both dialects. */
    day: p.string().length(10),
    channel: p.string().length(32),
    followers: p.integer().default(0),
    joins: p.integer().default(0),
    leaves: p.integer().default(0),
    subscribes: p.integer().default(0),
    unsubscribes: p.integer().default(0),
    /** Subscriptions per category id at the day's end (`{ "3": 120 }`), counted on the channel they were made on. */
    subscriptions: p.json<Record<string, number>>(),
  }),
});
export type AudienceDay = InferEntity<typeof AudienceDay>;
