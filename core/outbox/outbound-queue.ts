import debug from 'debug';
import type { ClusterSignals } from '../cluster/cluster-signals.js';
import type { ConversationRef } from '../channel/conversation-ref.js';
import type { DeliveryResult } from '../channel/delivery-result.js';
import type { OutboundMessage } from '../channel/outbound.js';
import type { ChannelTexts } from '../channel/send-context.js';
import type { TypedEmitter } from '../engine/typed-emitter.js';
import type { Logger } from '../log.js';
import { DELIVERY_PRIORITY, type DeliveryKind } from '../storage/entities/delivery.js';
import type { ClaimedDelivery } from '../storage/sql/claim-deliveries.js';
import { deliveryStates } from '../storage/sql/delivery-states.js';
import { registerLane } from '../storage/sql/register-lane.js';
import type { SqlRunner } from '../storage/sql/sql-runner.js';
import type { DeliveryWorker } from './delivery-worker.js';
import type { OutboxEvents } from './outbox-events.js';
import { storeOutbound } from './stored-outbound.js';

const log = debug('campanile:outbound');

/** The cluster signal topic that tells a lane's owner that rows were committed for it. */
export const OUTBOX_WAKE_TOPIC = 'outbox:wake';

/** How often a caller waiting on rows sent by another process looks at them. */
const REMOTE_POLL_MS = 200;

/** Who an outbound message goes to: a channel identity and what sending to it needs. */
export interface OutboundRecipient {
  readonly tenantId: number;
  readonly identityId: number;
  readonly address: ConversationRef;
  /** Epoch ms of the person's last message (reply windows); null when never. */
  readonly lastInboundAt: number | null;
  readonly locale: string;
}

/** The columns of one outbox row to write in the caller's transaction (`em.create(Delivery, row)`). */
export interface OutboundRow {
  readonly tenant: number;
  readonly notice: null;
  readonly identity: number;
  readonly lane: string;
  readonly channel: string;
  readonly kind: DeliveryKind;
  readonly priority: number;
  readonly payload: string;
  readonly state: 'pending' | 'sending';
  readonly lockedBy: string | null;
  readonly lockedAt: number | null;
  readonly attempts: number;
  readonly notBefore: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Rows planned for one recipient: written by the caller, then handed back with `committed`. */
export interface PlannedOutbound {
  readonly lane: string;
  readonly recipient: OutboundRecipient;
  readonly rows: readonly OutboundRow[];
  /** Written as already claimed by this process's worker (it runs the lane): no claim statement needed. */
  readonly claimed: boolean;
}

/**
 * The one way out for messages that are not notices: a turn's replies and the messages modules send
 * outside a turn (an operator's answer, a task for a squad). Each becomes an outbox row of its
 * account's lane, written by the caller in its own transaction (a turn's replies commit with the turn),
 * then sent by that lane: the account's one rate budget, per-chat spacing, one 429 pause, one place that
 * deactivates an identity that is gone. When this process runs the lane, rows are written already
 * claimed and handed to the sender right after the commit (no poll, no claim); otherwise the lane's
 * owner is woken, here or in another process (cluster signals: LISTEN/NOTIFY on PostgreSQL).
 *
 * @example
 * const planned = await outbound.plan(recipient, replies, 'reply', receivedAt);
 * for (const row of planned.rows) em.create(Delivery, row);
 * await em.flush();
 * await outbound.committed(planned, ids);
 */
export class OutboundQueue {
  private readonly registered = new Set<string>();
  private readonly waiters = new Map<number, (result: DeliveryResult) => void>();
  private readonly remote = new Set<number>();
  private pollTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly deps: {
      readonly sql: SqlRunner;
      readonly worker: DeliveryWorker;
      readonly events: TypedEmitter<OutboxEvents>;
      readonly signals: ClusterSignals;
      readonly clock: () => number;
      readonly log: Logger;
    },
  ) {
    const { events } = deps;
    events.on('delivery:sent', (e) => this.settled(e.deliveryId, { status: 'delivered', messageId: e.messageId }));
    events.on('delivery:failed', (e) => this.settled(e.deliveryId, failedResult(e.outcome, e.reason)));
    events.on('delivery:retry', (e) => this.settled(e.deliveryId, { status: 'transient', reason: e.reason, retryAfterMs: Math.max(0, e.notBefore - deps.clock()) }));
    events.on('delivery:deferred', (e) => this.settled(e.deliveryId, { status: 'rate-limited', retryAfterMs: Math.max(0, e.notBefore - deps.clock()), scope: 'chat', reason: e.reason }));
  }

  /** Subscribes the worker to wake-ups from the other processes. */
  async listen(): Promise<() => Promise<void>> {
    return this.deps.signals.subscribe(OUTBOX_WAKE_TOPIC, (payload) => {
      const lane = (payload as { lane?: unknown }).lane;
      if (typeof lane === 'string') this.deps.worker.wake(lane);
    });
  }

  /** The lane of a recipient: `<tenant id>:<channel>:<account>`. */
  laneOf(tenantId: number, ref: ConversationRef): string {
    return `${tenantId}:${ref.channel}:${ref.account}`;
  }

  /**
   * The rows for `messages` to one recipient, in order (ids follow insertion order, and the lane sends
   * one chat's conversation rows in id order). `createdAt` is when the person wrote, for replies: the
   * give-up age and the reply latency count from it.
   */
  async plan(
    recipient: OutboundRecipient, messages: readonly OutboundMessage[], kind: Exclude<DeliveryKind, 'notice'>,
    options: { createdAt?: number; texts?: ChannelTexts; priority?: 'urgent' | 'direct' } = {},
  ): Promise<PlannedOutbound> {
    const lane = this.laneOf(recipient.tenantId, recipient.address);
    if (!this.registered.has(lane)) {
      await registerLane(this.deps.sql, lane);
      this.registered.add(lane);
    }
    const { worker, clock } = this.deps;
    const claimed = worker.runs(lane);
    const now = clock();
    const createdAt = options.createdAt ?? now;
    const priority = kind === 'reply' ? DELIVERY_PRIORITY.reply : DELIVERY_PRIORITY[options.priority ?? 'direct'];
    const rows = messages.map((message): OutboundRow => ({
      tenant: recipient.tenantId, notice: null, identity: recipient.identityId, lane, channel: recipient.address.channel, kind, priority,
      payload: storeOutbound(message, options.texts), state: claimed ? 'sending' : 'pending', lockedBy: claimed ? worker.id : null, lockedAt: claimed ? now : null,
      attempts: claimed ? 1 : 0, notBefore: now, createdAt, updatedAt: now,
    }));
    return { lane, recipient, rows, claimed };
  }

  /**
   * After the caller's commit: sends the rows (ids in the order of `planned.rows`) and resolves, per row,
   * with its first outcome (delivered, failed, or put back for later: `transient` / `rate-limited`).
   * Never rejects: a row not sent now is sent later by whichever process owns its lane.
   */
  async committed(planned: PlannedOutbound, ids: readonly number[]): Promise<DeliveryResult[]> {
    if (ids.length === 0) return [];
    const outcomes = ids.map((id) => new Promise<DeliveryResult>((resolve) => this.waiters.set(id, resolve)));
    if (planned.claimed) {
      const rows = planned.rows.map((row, i): ClaimedDelivery => ({
        id: ids[i]!, noticeId: null, identityId: row.identity, priority: row.priority, attempts: row.attempts, kind: row.kind,
        payload: row.payload, createdAt: row.createdAt, address: planned.recipient.address, lastInboundAt: planned.recipient.lastInboundAt,
        locale: planned.recipient.locale,
      }));
      await this.deps.worker.submit(planned.lane, rows).catch((error: unknown) => this.deps.log.error({ err: error, lane: planned.lane }, 'outbound rows not handed to their lane'));
      if (!this.deps.worker.runs(planned.lane)) this.watchRemote(ids);
    } else {
      this.deps.worker.wake(planned.lane);
      this.deps.signals.publish(OUTBOX_WAKE_TOPIC, { lane: planned.lane }).catch((error: unknown) => log('wake signal not published: %o', error));
      // Another process may own the lane: its events never reach us, so look at the rows too.
      this.watchRemote(ids);
    }
    return Promise.all(outcomes);
  }

  private settled(id: number, result: DeliveryResult): void {
    const resolve = this.waiters.get(id);
    if (!resolve) return;
    this.waiters.delete(id);
    this.remote.delete(id);
    resolve(result);
  }

  private watchRemote(ids: readonly number[]): void {
    if (this.closed) {
      // Stopping: nobody here will send them; they wait in the outbox for the next process.
      for (const id of ids) this.settled(id, { status: 'transient', reason: 'still queued when Campanile stopped' });
      return;
    }
    for (const id of ids) if (this.waiters.has(id)) this.remote.add(id);
    this.pollTimer ??= setTimeout(() => void this.poll(), REMOTE_POLL_MS);
  }

  private async poll(): Promise<void> {
    this.pollTimer = undefined;
    const ids = [...this.remote];
    if (ids.length === 0) return;
    try {
      for (const row of await deliveryStates(this.deps.sql, ids)) {
        if (row.state === 'sent') this.settled(row.id, { status: 'delivered', messageId: row.channelMessageId ?? '' });
        else if (row.state === 'failed') this.settled(row.id, failedResult(row.outcome ?? 'permanent', row.reason ?? ''));
      }
    } catch (error) {
      log('poll of remote rows failed: %o', error);
    }
    if (this.remote.size > 0) this.pollTimer = setTimeout(() => void this.poll(), REMOTE_POLL_MS);
  }

  /** Stops looking at remote rows; callers still waiting are told their rows are pending. */
  close(): void {
    this.closed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    for (const id of [...this.remote]) this.settled(id, { status: 'transient', reason: 'still queued when Campanile stopped' });
  }
}

/** A failed row's outcome as the DeliveryResult a caller understands. */
function failedResult(outcome: string, reason: string): DeliveryResult {
  switch (outcome) {
    case 'gone':
      return { status: 'recipient-gone', reason: reason === 'blocked' || reason === 'deactivated' ? reason : 'unknown' };
    case 'window':
      return { status: 'window-closed' };
    default:
      return { status: 'permanent', reason: reason || outcome };
  }
}
