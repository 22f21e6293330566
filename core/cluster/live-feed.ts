/**
 * A module's live change feed across processes: what one process emits reaches this process's
 * listeners at once and the other processes' through cluster signals. It carries ids (a listener reads
 * the rows), at most once: after a gap (`onGap`) a listener re-reads what matters. This is the shape an
 * admin event stream (an `eventStream` route writing to its `AdminEventSink`) listens to: the handoff
 * inbox's changes and the tasks' manager alerts.
 */
import type { ClusterSignals, SignalPayload, Unsubscribe } from './cluster-signals.js';

/** Turns a payload from another process back into a change, or null when it is not one. */
export type LiveFeedParser<T> = (payload: unknown) => T | null;

/**
 * @example
 * const alerts = new LiveFeed<{ tenantId: number; taskId: number }>('alerts', parseAlert);
 * await alerts.connect(scopedSignals(api.services.signals, 'tasks'));
 * const off = alerts.listen((a) => sink.send('escalated', a));
 * await alerts.emit({ tenantId: 1, taskId: 7 });
 */
export class LiveFeed<T extends SignalPayload> {
  private readonly listeners = new Set<(change: T) => void>();
  private readonly gapListeners = new Set<() => void>();
  private signals: ClusterSignals | undefined;
  private unsubscribe: Unsubscribe | undefined;

  constructor(private readonly topic: string, private readonly parse: LiveFeedParser<T>) {}

  /** Joins the other processes: what they emit reaches this process's listeners, and the reverse. */
  async connect(signals: ClusterSignals): Promise<void> {
    this.signals = signals;
    this.unsubscribe = await signals.subscribe(this.topic, (payload) => {
      const change = this.parse(payload);
      if (change) this.deliver(change);
    }, { onGap: () => { for (const fn of this.gapListeners) fn(); } });
  }

  async disconnect(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.signals = undefined;
  }

  /** Tells local listeners now and the other processes through the database. Never throws. */
  async emit(change: T): Promise<void> {
    this.deliver(change);
    await this.signals?.publish(this.topic, change).catch(() => undefined);
  }

  /** Subscribes; returns the function that unsubscribes. */
  listen(listener: (change: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when signals from other processes may have been missed (re-read the stored rows). */
  onGap(fn: () => void): () => void {
    this.gapListeners.add(fn);
    return () => this.gapListeners.delete(fn);
  }

  private deliver(change: T): void {
    for (const listener of this.listeners) {
      try { listener(change); } catch { /* a broken stream is its own problem */ }
    }
  }
}
