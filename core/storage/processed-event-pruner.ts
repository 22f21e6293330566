import debug from 'debug';
import type { Database } from './database.js';
import { ProcessedEvent } from './entities/processed-event.js';

const trace = debug('campanile:pruner');

/** Channels re-send an update for minutes, at most hours: a week of event ids is plenty. */
export const PROCESSED_EVENT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Deletes processed-event ids older than the retention, so the dedupe table stays small. Runs at start
 * and then every `intervalMs`; several processes may run it at once (a delete is idempotent).
 *
 * @example
 * const pruner = new ProcessedEventPruner(db);
 * await pruner.pruneOnce(new Date());
 */
export class ProcessedEventPruner {
  readonly name = 'processed-event-pruner';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly options: { retentionMs?: number; intervalMs?: number } = {},
  ) {}

  /** Deletes ids older than the retention; returns how many. */
  async pruneOnce(now: Date): Promise<number> {
    const before = new Date(now.getTime() - (this.options.retentionMs ?? PROCESSED_EVENT_RETENTION_MS));
    const deleted = await this.db.em.fork().nativeDelete(ProcessedEvent, { createdAt: { $lt: before } }, { filters: { tenant: false } });
    trace('pruned %d event ids older than %s', deleted, before.toISOString());
    return deleted;
  }

  async start(): Promise<void> {
    await this.pruneOnce(new Date());
    this.timer = setInterval(() => void this.pruneOnce(new Date()).catch(() => undefined), this.options.intervalMs ?? 60 * 60 * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
  }
}
