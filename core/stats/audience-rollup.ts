import type { SqlEntityManager } from '@mikro-orm/knex';
import debug from 'debug';
import type { Logger } from '../log.js';
import type { BackgroundService } from '../module/feature-module.js';
import { zonedToUtc } from '../notices/zoned-time.js';
import type { Database } from '../storage/database.js';
import { AudienceDay } from '../storage/entities/audience-day.js';
import { AudienceEvent } from '../storage/entities/audience-event.js';
import { Tenant } from '../storage/entities/tenant.js';
import { tryAudienceRollupLock } from '../storage/sql/audience-rollup-lock.js';

const trace = debug('campanile:audience');

/** Hourly: today's row is then at most an hour behind, and a run reads only the events since the last rolled day. */
export const AUDIENCE_ROLLUP_INTERVAL_MS = 60 * 60 * 1000;

/** What one run did; `ran: false` when another process held the run (PostgreSQL). */
export interface AudienceRollupReport {
  readonly ran: boolean;
  /** Day rows written per tenant slug. */
  readonly days: Readonly<Record<string, number>>;
}

/** One `audience_day` row as inserted. */
interface DayRow {
  tenant: number; day: string; channel: string; followers: number;
  joins: number; leaves: number; subscribes: number; unsubscribes: number; subscriptions: Record<string, number>;
}

/** One channel's running totals while days are summed. */
interface Totals {
  followers: number;
  subscriptions: Record<string, number>;
}

/**
 * Sums `audience_event` into `audience_day`, the daily snapshot per comune, day (the comune's timezone)
 * and channel: hourly, and once at start. Each run rewrites the tenant's last rolled day and every day
 * after it up to today, starting from the totals of the day before, so a run is idempotent and an
 * interrupted one is repaired by the next; older days are never recomputed. Every channel that has
 * been seen gets a row every day (zeros of change included), so a chart has no gaps.
 *
 * Several processes may share one PostgreSQL: a run holds a transaction-level advisory lock
 * (`pg_try_advisory_xact_lock`) and a process that does not get it skips, as the retention job does;
 * the writes are in that same transaction, so a crash leaves the previous snapshot.
 *
 * @example
 * const rollup = new AudienceRollup(db, log);
 * await rollup.runOnce(new Date()); // { ran: true, days: { esempio: 3 } }
 */
export class AudienceRollup implements BackgroundService {
  readonly name = 'audience-rollup';
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly db: Database,
    private readonly log: Pick<Logger, 'error'>,
    private readonly options: { intervalMs?: number } = {},
  ) {}

  /** Rolls every tenant up to `now`; waits for a run already going in this process. */
  runOnce(now: Date): Promise<AudienceRollupReport> {
    const run = this.chain.then(() => this.run(now));
    this.chain = run.catch(() => undefined);
    return run;
  }

  async start(): Promise<void> {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.options.intervalMs ?? AUDIENCE_ROLLUP_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress (it must not outlive the database). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.chain;
  }

  private tick(): void {
    if (this.busy) return;
    this.busy = true;
    this.runOnce(new Date())
      .catch((error: unknown) => this.log.error({ err: error }, 'audience roll-up failed; it is tried again at the next interval'))
      .finally(() => { this.busy = false; });
  }

  private async run(now: Date): Promise<AudienceRollupReport> {
    return this.db.em.fork().transactional(async (tx) => {
      if (this.db.dialect === 'postgresql' && !(await tryAudienceRollupLock(tx))) {
        trace('another process is rolling up: skipped');
        return { ran: false, days: {} };
      }
      const days: Record<string, number> = {};
      for (const tenant of await tx.find(Tenant, {}, { orderBy: { id: 'asc' } })) {
        days[tenant.slug] = await rollUpTenant(tx, { id: tenant.id, timezone: tenant.timezone }, now);
      }
      return { ran: true, days };
    });
  }
}

/** Rewrites one tenant's days from its last rolled day to today; returns the rows written. */
async function rollUpTenant(tx: SqlEntityManager, tenant: { id: number; timezone: string }, now: Date): Promise<number> {
  const scope = { filters: false } as const;
  const last = await tx.findOne(AudienceDay, { tenant: tenant.id }, { ...scope, orderBy: { day: 'desc' } });
  const first = last ? null : await tx.findOne(AudienceEvent, { tenant: tenant.id }, { ...scope, orderBy: { createdAt: 'asc' } });
  const startDay = last?.day ?? (first ? localDay(first.createdAt, tenant.timezone) : null);
  if (!startDay) return 0;
  const today = localDay(now, tenant.timezone);
  const from = zonedToUtc(`${startDay}T00:00`, tenant.timezone);

  // Totals at the end of the day before startDay: each channel's latest earlier row.
  const totals = new Map<string, Totals>();
  const earlier = await tx.find(AudienceDay, { tenant: tenant.id, day: { $lt: startDay } }, { ...scope, orderBy: { day: 'asc' } });
  for (const row of earlier) totals.set(row.channel, { followers: row.followers, subscriptions: { ...row.subscriptions } });

  const events = await tx.find(AudienceEvent, { tenant: tenant.id, createdAt: { $gte: from, $lte: now } }, { ...scope, orderBy: { createdAt: 'asc', id: 'asc' } });
  const byDay = new Map<string, AudienceEvent[]>();
  for (const event of events) {
    const day = localDay(event.createdAt, tenant.timezone);
    byDay.set(day, [...(byDay.get(day) ?? []), event]);
  }

  await tx.nativeDelete(AudienceDay, { tenant: tenant.id, day: { $gte: startDay } }, scope);
  const rows: DayRow[] = [];
  for (let day = startDay; day <= today; day = nextDay(day)) {
    const changes = new Map<string, { joins: number; leaves: number; subscribes: number; unsubscribes: number }>();
    for (const event of byDay.get(day) ?? []) {
      const total = totals.get(event.channel) ?? { followers: 0, subscriptions: {} };
      totals.set(event.channel, total);
      const change = changes.get(event.channel) ?? { joins: 0, leaves: 0, subscribes: 0, unsubscribes: 0 };
      changes.set(event.channel, change);
      const category = String(event.categoryId);
      if (event.kind === 'joined') { change.joins += 1; total.followers += 1; }
      if (event.kind === 'left') { change.leaves += 1; total.followers -= 1; }
      if (event.kind === 'subscribed') { change.subscribes += 1; total.subscriptions[category] = (total.subscriptions[category] ?? 0) + 1; }
      if (event.kind === 'unsubscribed') { change.unsubscribes += 1; total.subscriptions[category] = (total.subscriptions[category] ?? 0) - 1; }
    }
    for (const [channel, total] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
      const change = changes.get(channel) ?? { joins: 0, leaves: 0, subscribes: 0, unsubscribes: 0 };
      rows.push({ tenant: tenant.id, day, channel, followers: total.followers, ...change, subscriptions: { ...total.subscriptions } });
    }
  }
  if (rows.length > 0) await tx.insertMany(AudienceDay, rows);
  trace('tenant %d: %d day rows from %s', tenant.id, rows.length, startDay);
  return rows.length;
}

/** The calendar day of an instant in a timezone, YYYY-MM-DD. */
export function localDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The calendar day after `day` (date arithmetic on the date, not 24-hour steps). */
function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
