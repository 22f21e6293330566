/**
 * Changes of handoff conversations, told to this process's listeners (the inbox streams) and, through
 * cluster signals, to the other processes on the same database. A signal carries ids only; a listener
 * reads the rows. Signals are at most once: a stream re-reads the inbox after a gap.
 */
import type { ClusterSignals } from '../../../core/internal.js';

/** What changed: a new request, a message either way, a state change (take, transfer, close), a note. */
export const HANDOFF_CHANGE_KINDS = ['created', 'message', 'state', 'note'] as const;
export type HandoffChangeKind = (typeof HANDOFF_CHANGE_KINDS)[number];

export interface HandoffChange {
  readonly tenantId: number;
  readonly conversationId: number;
  readonly kind: HandoffChangeKind;
  /** The stored message, for `message`. */
  readonly messageId?: number;
}

/** Called for each change, local or from another process. */
export type HandoffListener = (change: HandoffChange) => void;

const TOPIC = 'changed';

/**
 * The module's change feed.
 *
 * @example
 * const events = new HandoffEvents();
 * const off = events.listen((c) => stream.send('change', c));
 * await events.emit({ tenantId: 1, conversationId: 7, kind: 'message', messageId: 42 });
 */
export class HandoffEvents {
  private readonly listeners = new Set<HandoffListener>();
  private readonly gapListeners = new Set<() => void>();
  private signals: ClusterSignals | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;

  /** Joins the other processes: what they emit reaches this process's listeners, and the reverse. */
  async connect(signals: ClusterSignals): Promise<void> {
    this.signals = signals;
    this.unsubscribe = await signals.subscribe(TOPIC, (payload) => {
      const change = parseChange(payload);
      if (change) this.deliver(change);
    }, { onGap: () => { for (const fn of this.gapListeners) fn(); } });
  }

  async disconnect(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.signals = undefined;
  }

  /** Tells local listeners now and the other processes through the database. Never throws. */
  async emit(change: HandoffChange): Promise<void> {
    this.deliver(change);
    const { tenantId, conversationId, kind, messageId } = change;
    await this.signals?.publish(TOPIC, { tenantId, conversationId, kind, ...(messageId ? { messageId } : {}) }).catch(() => undefined);
  }

  /** Subscribes; returns the function that unsubscribes. */
  listen(listener: HandoffListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when signals from other processes may have been missed (re-read the stored rows). */
  onGap(fn: () => void): () => void {
    this.gapListeners.add(fn);
    return () => this.gapListeners.delete(fn);
  }

  private deliver(change: HandoffChange): void {
    for (const listener of this.listeners) {
      try { listener(change); } catch { /* a broken stream is its own problem */ }
    }
  }
}

function parseChange(payload: unknown): HandoffChange | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  const kind = HANDOFF_CHANGE_KINDS.find((k) => k === p.kind);
  if (!kind || !Number.isInteger(p.tenantId) || !Number.isInteger(p.conversationId)) return null;
  return {
    tenantId: p.tenantId as number, conversationId: p.conversationId as number, kind,
    ...(Number.isInteger(p.messageId) ? { messageId: p.messageId as number } : {}),
  };
}
