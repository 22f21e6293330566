/**
 * Changes of handoff conversations, told to this process's listeners (the inbox streams) and, through
 * cluster signals, to the other processes on the same database: core's `LiveFeed` on the topic
 * `changed`. A signal carries ids only; a listener reads the rows. Signals are at most once: a stream
 * re-reads the inbox after a gap.
 */
import { LiveFeed } from '../../../core/internal.js';

/** What changed: a new request, a message either way, a state change (take, transfer, close), a note. */
export const HANDOFF_CHANGE_KINDS = ['created', 'message', 'state', 'note'] as const;
export type HandoffChangeKind = (typeof HANDOFF_CHANGE_KINDS)[number];

export type HandoffChange = {
  readonly tenantId: number;
  readonly conversationId: number;
  readonly kind: HandoffChangeKind;
  /** The stored message, for `message`. */
  readonly messageId?: number;
};

/** The module's change feed. */
export type HandoffEvents = LiveFeed<HandoffChange>;

/**
 * @example
 * const events = handoffEvents();
 * const off = events.listen((c) => stream.send('change', c));
 * await events.emit({ tenantId: 1, conversationId: 7, kind: 'message', messageId: 42 });
 */
export function handoffEvents(): HandoffEvents {
  return new LiveFeed<HandoffChange>('changed', parseChange);
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
