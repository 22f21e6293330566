import debug from 'debug';
import type { TypedEmitter } from '../engine/typed-emitter.js';
import type { OutboxEvents } from '../outbox/outbox-events.js';
import type { Database } from '../storage/database.js';
import { DELIVERY_PRIORITY } from '../storage/entities/delivery.js';
import { Notice } from '../storage/entities/notice.js';
import { countPlanned, planChunk, registerLanes, renewPlanning } from '../storage/sql/plan-deliveries.js';
import type { SqlRunner } from '../storage/sql/sql-runner.js';

const log = debug('campanile:planner');

/** Identities in the first chunk of a planning: small (a few ms to insert), so the first messages leave at once. */
const FIRST_CHUNK = 1000;

/**
 * Snapshots a notice's recipients into the outbox, chunk by chunk (see plan-deliveries.ts), under the
 * notice's lease (`locked_by`): each chunk renews it and records the cursor, so a planner that dies is
 * resumed by another process at the cursor, and a planner that lost its lease stops.
 *
 * @example
 * const planner = new NoticePlanner({ db, sql, events, clock: Date.now, worker: 'w1', chunkSize: 5000, onChunk: () => outbox.notify() });
 * const recipients = await planner.plan(noticeId); // the notice must be `sending` and leased by 'w1'
 */
export class NoticePlanner {
  constructor(
    private readonly deps: {
      readonly db: Database;
      readonly sql: SqlRunner;
      readonly events: TypedEmitter<OutboxEvents>;
      readonly clock: () => number;
      readonly worker: string;
      /** Largest chunk of identities per statement; planning starts at `FIRST_CHUNK` and doubles up to it. */
      readonly chunkSize: number;
      /** After each chunk: the dispatcher may start sending it. */
      readonly onChunk: () => void;
    },
  ) {}

  /** Plans the rest of the notice; returns its audience, or null when the lease was lost. */
  async plan(noticeId: number): Promise<number | null> {
    const { db, sql, clock, worker } = this.deps;
    const em = db.em.fork();
    const notice = await em.findOne(Notice, { id: noticeId, status: 'sending', lockedBy: worker }, { filters: false });
    if (!notice) return null;
    const priority = notice.priority === 'urgent' ? DELIVERY_PRIORITY.urgent : DELIVERY_PRIORITY.normal;
    let cursor = notice.planCursor ?? 0;
    const started = clock();
    const tenantId = notice.tenant.id;
    await registerLanes(sql, tenantId);
    // Small first chunk: the dispatcher starts on it at once (first delivery); then bigger chunks, because
    // each statement has a fixed cost (50,000-row chunks plan 1M rows on PostgreSQL in ~15 s, 5,000-row
    // ones took 97 s next to the dispatcher).
    let chunk = Math.min(FIRST_CHUNK, this.deps.chunkSize);
    for (;;) {
      const next = await planChunk(sql, { tenantId, noticeId, categoryId: notice.category.id, priority, cursor, chunk, now: clock() });
      if (next === null) break;
      cursor = next;
      chunk = Math.min(chunk * 2, this.deps.chunkSize);
      const kept = await renewPlanning(sql, { noticeId, worker, cursor, now: clock() });
      this.deps.onChunk();
      // A macrotask hop between chunks: better-sqlite3 answers synchronously, so without it the whole
      // planning ran as one chain of microtasks and starved the dispatcher's timers (1M on SQLite: 2,000
      // sent during the 8 s of planning).
      await new Promise((resolve) => setImmediate(resolve));
      if (!kept) {
        log('notice %d: lease lost at cursor %d', noticeId, cursor);
        return null;
      }
    }
    // An account whose first identity arrived while planning ran has rows but no lane yet.
    await registerLanes(sql, tenantId);
    const recipients = await countPlanned(sql, noticeId);
    await em.nativeUpdate(
      Notice, { id: noticeId, lockedBy: worker }, { plannedAt: new Date(clock()), recipients, lockedBy: null, lockedAt: null }, { filters: false },
    );
    log('notice %d planned: %d recipients in %d ms', noticeId, recipients, clock() - started);
    this.deps.events.emit('notice:planned', { noticeId, tenantId: notice.tenant.id, recipients });
    this.deps.onChunk();
    return recipients;
  }
}
