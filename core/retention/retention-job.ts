import debug from 'debug';
import type { Logger } from '../log.js';
import type { BackgroundService } from '../module/feature-module.js';
import type { Database } from '../storage/database.js';
import { Tenant } from '../storage/entities/tenant.js';
import { tryRetentionLock } from '../storage/sql/retention-lock.js';
import { sqlRunner } from '../storage/sql/sql-runner.js';
import { tenantInfoOf } from '../tenancy/tenant-service.js';
import { retentionOf } from './retention-settings.js';
import type { RetentionCounts, RetentionStep, RetentionWindow } from './retention-step.js';

const trace = debug('campanile:retention');

/** Hourly: a day's retention is then kept to within an hour, and an idle run costs a few indexed queries per tenant. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
/** Rows per delete statement: ~10-30 ms each on PostgreSQL, short enough to never hold a lock that matters. */
export const RETENTION_BATCH_SIZE = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Options of the retention job (`createCampanile({ retention })`). */
export interface RetentionJobOptions {
  /** Between runs (default hourly). */
  readonly intervalMs?: number;
  /** Rows per delete statement (default 1,000). */
  readonly batchSize?: number;
}

/** What one run did for one tenant: counts per step owner (`core:message-log`, `adapter:webchat:default`…). */
export interface TenantRetentionReport {
  readonly tenant: string;
  readonly deleted: Readonly<Record<string, RetentionCounts>>;
  /** Owners whose step threw (logged; the other steps still ran). */
  readonly failed: readonly string[];
}

/** What one run did; `ran: false` when another process held the run (PostgreSQL). */
export interface RetentionReport {
  readonly ran: boolean;
  readonly tenants: readonly TenantRetentionReport[];
}

/**
 * Enforces each tenant's retention (`tenant.settings.retention`, see `retentionOf`): hourly, and once
 * right after start, it calls every registered step for every tenant with the tenant's cutoffs. Core
 * registers the conversation history and the files people sent; modules (`api.onRetention`) and
 * adapters (`runtime.onRetention`) add their own tables, so core never imports them.
 *
 * Several processes may run it against one PostgreSQL: a run takes a transaction-level advisory lock
 * (`pg_try_advisory_xact_lock`, keyed by the schema) and a process that does not get it skips the run;
 * the deletes are idempotent anyway, so the lock only saves duplicate work. Logs hold counts per tenant,
 * never content.
 *
 * @example
 * const retention = new RetentionJob(db, log);
 * retention.add('core:message-log', messageLogRetention(db));
 * const report = await retention.runOnce(new Date());
 */
export class RetentionJob implements BackgroundService {
  readonly name = 'retention';
  private readonly steps = new Map<string, RetentionStep[]>();
  private timer: NodeJS.Timeout | undefined;
  /** Runs in this process go one after another; an hourly tick finding one running is skipped. */
  private chain: Promise<unknown> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly db: Database,
    private readonly log: Pick<Logger, 'info' | 'error'>,
    private readonly options: RetentionJobOptions = {},
  ) {}

  /**
   * Registers a step of `owner` (`module:<name>`, `adapter:<channel>:<account>`, `core:<what>`); an
   * owner may register several. Counts are reported per owner.
   */
  add(owner: string, step: RetentionStep): void {
    this.steps.set(owner, [...(this.steps.get(owner) ?? []), step]);
  }

  /** Removes every step of `owner` (a detached adapter); false when it had none. */
  remove(owner: string): boolean {
    return this.steps.delete(owner);
  }

  /** The owners of the registered steps, in call order. */
  owners(): string[] {
    return [...this.steps.keys()];
  }

  /**
   * Deletes, for every tenant, what is older than its retention at `now`. Waits for a run already going
   * in this process. `batchSize` overrides the job's (tests use small batches).
   */
  runOnce(now: Date, overrides: { batchSize?: number } = {}): Promise<RetentionReport> {
    const run = this.chain.then(() => this.exclusive(() => this.run(now, overrides.batchSize ?? this.options.batchSize ?? RETENTION_BATCH_SIZE)));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Resolves when no run is going in this process (tests wait for the start-up run before seeding). */
  async idle(): Promise<void> {
    await this.chain;
  }

  /**
   * Starts the hourly runs. The first run starts at once but is not awaited: after an upgrade it may
   * work through a large backlog, which must not hold up the process's start (health checks).
   */
  async start(): Promise<void> {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.options.intervalMs ?? RETENTION_INTERVAL_MS);
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
      .catch((error: unknown) => this.log.error({ err: error }, 'retention run failed; it is tried again at the next interval'))
      .finally(() => { this.busy = false; });
  }

  /** Runs `work` unless another process is running it (PostgreSQL); SQLite has one process. */
  private async exclusive(work: () => Promise<RetentionReport>): Promise<RetentionReport> {
    if (this.db.dialect !== 'postgresql') return work();
    // The transaction only holds the lock (no snapshot, no writes): the deletes run on other
    // connections and commit batch by batch.
    return sqlRunner(this.db).transaction(async (tx) => {
      if (!(await tryRetentionLock(tx))) {
        trace('another process is running retention: skipped');
        return { ran: false, tenants: [] };
      }
      return work();
    });
  }

  private async run(now: Date, batchSize: number): Promise<RetentionReport> {
    const rows = await this.db.em.fork().find(Tenant, {}, { orderBy: { id: 'asc' } });
    const reports: TenantRetentionReport[] = [];
    for (const row of rows) {
      const settings = retentionOf(row.settings);
      const window: RetentionWindow = {
        tenant: tenantInfoOf(row),
        settings,
        now,
        conversationBefore: new Date(now.getTime() - settings.conversationDays * DAY_MS),
        inboundMediaBefore: new Date(now.getTime() - settings.inboundMediaDays * DAY_MS),
        locationBefore: new Date(now.getTime() - settings.locationDays * DAY_MS),
        batchSize,
      };
      const deleted: Record<string, RetentionCounts> = {};
      const failed: string[] = [];
      for (const [owner, steps] of [...this.steps]) {
        for (const step of steps) {
          try {
            const counts = (await step(window)) ?? {};
            for (const [what, n] of Object.entries(counts)) {
              if (n > 0) deleted[owner] = { ...deleted[owner], [what]: (deleted[owner]?.[what] ?? 0) + n };
            }
          } catch (error) {
            // One broken step (a module's table missing) must not keep the others from deleting.
            if (!failed.includes(owner)) failed.push(owner);
            this.log.error({ err: error, tenant: row.slug, step: owner }, 'retention step failed; the other steps ran');
          }
        }
      }
      if (Object.keys(deleted).length > 0) this.log.info({ tenant: row.slug, settings, deleted }, 'retention: data past the comune\'s retention deleted');
      else trace('tenant %s: nothing past retention', row.slug);
      reports.push({ tenant: row.slug, deleted, failed });
    }
    return { ran: true, tenants: reports };
  }
}
