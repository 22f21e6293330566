import debug from 'debug';
import type { TypedEmitter } from '../engine/typed-emitter.js';
import type { OutboxEvents } from '../outbox/outbox-events.js';
import { finishNotice } from '../storage/sql/finish-notice.js';
import { takePlanning } from '../storage/sql/planning-lease.js';
import { dueNotices, sendingNotices } from '../storage/sql/scheduled-notices.js';
import type { SqlRunner } from '../storage/sql/sql-runner.js';
import { startSending } from '../storage/sql/start-sending.js';
import type { NoticePlanner } from './notice-planner.js';

const log = debug('campanile:scheduler');

/**
 * Moves notices along: starts scheduled notices whose time has come (also those that fell due while
 * every process was down), resumes plannings whose planner died, and marks a notice `sent` once all its
 * deliveries are settled. Starting a notice is a conditional update (`where status = 'scheduled'`), a
 * lease like the outbox's, so two processes never both start one. Every statement lives in
 * core/storage/sql/ (start-sending.ts, scheduled-notices.ts, planning-lease.ts, finish-notice.ts).
 *
 * @example
 * const scheduler = new NoticeScheduler({ sql, planner, events, clock: Date.now, worker, intervalMs: 1000, leaseMs: 30_000, onError });
 * await scheduler.start();
 * scheduler.startPlanning(noticeId); // after "send now"
 */
export class NoticeScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly plannings = new Map<number, Promise<unknown>>();

  constructor(
    private readonly deps: {
      readonly sql: SqlRunner;
      readonly planner: NoticePlanner;
      readonly events: TypedEmitter<OutboxEvents>;
      readonly clock: () => number;
      readonly worker: string;
      readonly intervalMs: number;
      /** A planning not renewed for this long is resumed by another process. */
      readonly leaseMs: number;
      readonly onError: (error: unknown) => void;
      readonly onFinished?: (noticeId: number) => void;
    },
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await Promise.allSettled([...this.plannings.values()]);
  }

  /** Runs one pass now (tests with a fake clock call this instead of waiting). */
  tick(): Promise<void> {
    if (this.running) return this.running;
    if (this.timer) clearTimeout(this.timer);
    this.running = this.pass()
      .catch((error: unknown) => this.deps.onError(error))
      .finally(() => {
        this.running = undefined;
        if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.deps.intervalMs);
      });
    return this.running;
  }

  /** Leases a `sending` notice that has no planner and plans it in the background. */
  startPlanning(noticeId: number): void {
    void this.lease(noticeId, null).catch((error: unknown) => this.deps.onError(error));
  }

  private async pass(): Promise<void> {
    const { sql, clock } = this.deps;
    const now = clock();
    for (const notice of await dueNotices(sql, { now, limit: 50 })) {
      if (await startSending(sql, { noticeId: notice.id, from: ['scheduled'], now })) {
        log('scheduled notice %d is due (%s)', notice.id, notice.scheduledAt.toISOString());
        await this.lease(notice.id, null);
      }
    }
    for (const notice of await sendingNotices(sql, { limit: 200 })) {
      if (!notice.planned) {
        const stale = notice.lockedAt === null || notice.lockedAt < now - this.deps.leaseMs;
        if (stale && !this.plannings.has(notice.id)) await this.lease(notice.id, notice.lockedAt);
        continue;
      }
      if (await finishNotice(sql, notice.id)) {
        log('notice %d sent', notice.id);
        this.deps.onFinished?.(notice.id);
        this.deps.events.emit('notice:sent', { noticeId: notice.id, tenantId: notice.tenantId });
      }
    }
  }

  /** Takes the planning lease (fenced on the previous `locked_at`) and plans in the background. */
  private async lease(noticeId: number, previousLockedAt: number | null): Promise<void> {
    const { sql, clock, worker } = this.deps;
    if (!(await takePlanning(sql, { noticeId, worker, now: clock(), previousLockedAt }))) return;
    const planning = this.deps.planner.plan(noticeId)
      .then(() => {
        if (!this.stopped) void this.tick();
      })
      .catch((error: unknown) => this.deps.onError(error))
      .finally(() => this.plannings.delete(noticeId));
    this.plannings.set(noticeId, planning);
  }
}
