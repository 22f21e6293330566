import debug from 'debug';
import type { ChannelAdapter } from '../channel/channel-adapter.js';
import { conversationKey, type ConversationRef } from '../channel/conversation-ref.js';
import type { DeliveryResult } from '../channel/delivery-result.js';
import type { OutboundMessage } from '../channel/outbound.js';
import { replyWindowOpen, type SendContext } from '../channel/send-context.js';
import type { TypedEmitter } from '../engine/typed-emitter.js';
import type { ClaimedDelivery } from '../storage/sql/claim-deliveries.js';
import type { SqlRunner } from '../storage/sql/sql-runner.js';
import type { ChatSpacing } from './chat-spacing.js';
import { OutcomeBuffer, type BufferedOutcome } from './outcome-buffer.js';
import { DeadlineSignals } from './deadline-signals.js';
import type { DeliveryEvent, OutboxEvents } from './outbox-events.js';
import type { RateLimiter } from './rate-limiter.js';
import { retryDelay } from './retry-delay.js';

const log = debug('campanile:lane');

/** A chat busy for longer than this is deferred through the database instead of waited for in a slot. */
const CHAT_WAIT_INLINE_MS = 50;

/** Tuning of one lane's sending; `DeliveryWorkerOptions` fills it from config. */
export interface LaneSenderOptions {
  /** Sends in progress at once (awaiting the channel). */
  readonly concurrency: number;
  /**
   * Sends handed to the channel whose outcome is not yet committed: the duplicate window after a crash.
   * A new send waits while this many are unconfirmed.
   */
  readonly maxUnconfirmed: number;
  readonly flushBatch: number;
  readonly flushDelayMs: number;
  /** Attempts for transient failures before the row fails as `exhausted`. */
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Each send is aborted after this long (must stay well under the lease). */
  readonly sendTimeoutMs: number;
  readonly asyncCommit: boolean;
}

/** What the lane needs to turn a claimed row into channel messages. */
export interface DeliveryPreparer {
  /**
   * The messages of the notice for this recipient (cached per notice and locale by the caller); a cached
   * array may come back directly, without a promise.
   */
  messages(row: ClaimedDelivery): readonly OutboundMessage[] | Promise<readonly OutboundMessage[]>;
  /**
   * Window closed: the tenant's approved template for this notice (one message carrying
   * `OutboundMessage.template`), or null (→ failed(window)).
   */
  template(row: ClaimedDelivery): Promise<OutboundMessage | null>;
}

/**
 * Sends one lane's claimed rows through its adapter: a smooth account limiter, per-chat spacing, a
 * bounded number of sends in flight, and outcomes mapped to the next step (sent · retry with backoff ·
 * pause the whole lane · failed with a reason · identity deactivated). `accept` resolves when every row
 * of the batch has a send slot, which is the dispatcher's backpressure.
 *
 * @example
 * const lane = new LaneSender({ lane, worker, adapter, sql, limiter, spacing, preparer, events, options, clock, onError });
 * await lane.accept(await claimDeliveries(sql, { lane, worker, limit: 100, now: Date.now() }));
 * await lane.drain();
 */
export class LaneSender {
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private readonly buffer: OutcomeBuffer;
  /** Epoch ms until which the lane sends nothing (the channel said "rate limited"). */
  pausedUntil = 0;
  private readonly deadlines: DeadlineSignals;

  constructor(
    private readonly deps: {
      readonly lane: string;
      readonly worker: string;
      readonly adapter: ChannelAdapter;
      readonly sql: SqlRunner;
      readonly limiter: RateLimiter;
      readonly spacing: ChatSpacing;
      readonly preparer: DeliveryPreparer;
      readonly events: TypedEmitter<OutboxEvents>;
      readonly options: LaneSenderOptions;
      readonly clock: () => number;
      readonly onError: (error: unknown) => void;
    },
  ) {
    const { sql, worker, clock, options, onError } = deps;
    this.deadlines = new DeadlineSignals(options.sendTimeoutMs);
    this.buffer = new OutcomeBuffer({
      sql, worker, clock, onError, flushBatch: options.flushBatch, flushDelayMs: options.flushDelayMs, asyncCommit: options.asyncCommit,
      onFlushed: (count) => {
        this.deps.events.emit('outbox:flushed', { lane: deps.lane, count });
        this.wakeWaiters();
      },
    });
  }

  /** True while a rate-limit pause is running. */
  paused(now = this.deps.clock()): boolean {
    return now < this.pausedUntil;
  }

  /** Sends a claimed batch; resolves when each row has started (or was put back because the lane paused). */
  async accept(rows: readonly ClaimedDelivery[]): Promise<void> {
    const { concurrency, maxUnconfirmed } = this.deps.options;
    for (const row of rows) {
      while (this.inFlight >= concurrency || this.buffer.unconfirmed >= maxUnconfirmed) {
        if (this.buffer.unconfirmed >= maxUnconfirmed && this.buffer.size > 0) void this.buffer.flush();
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
      if (this.paused()) {
        this.putBack(row, this.pausedUntil, 'lane paused', true);
        continue;
      }
      // No task set and no `.finally` per send: `send` counts itself out (two promises less per delivery,
      // each one also paying for async_hooks, which MikroORM's AsyncLocalStorage turns on for the process).
      this.inFlight += 1;
      void this.send(row);
    }
  }

  /** Waits for every send in progress and commits every outcome. */
  async drain(): Promise<void> {
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    await this.buffer.flush();
  }

  /** Drains, then stops the deadline clock. */
  async finish(): Promise<void> {
    await this.drain();
    this.deadlines.close();
  }

  /** Aborts sends in progress (process stopping) and drains. */
  async close(): Promise<void> {
    this.deadlines.close(new Error('lane closing'));
    await this.drain();
  }

  // Must not throw: every claimed row leaves here with exactly one buffered outcome, else it would
  // stay leased until the reaper (a duplicate risk for nothing). Counted in `inFlight` by `accept`; the
  // `finally` below counts it out.
  private async send(row: ClaimedDelivery): Promise<void> {
    try {
      await this.sendRow(row);
    } finally {
      this.inFlight -= 1;
      this.wakeWaiters();
    }
  }

  private async sendRow(row: ClaimedDelivery): Promise<void> {
    const ref = row.address as ConversationRef;
    const chat = conversationKey(ref);
    let handed = false;
    const onHand = () => {
      if (handed) return;
      handed = true;
      this.buffer.unconfirmed += 1;
    };
    try {
      // A chat that received moments ago is deferred (a write) rather than waited for in a send slot.
      const chatWait = this.deps.spacing.peek(chat, performance.now());
      if (chatWait > CHAT_WAIT_INLINE_MS) return this.putBack(row, this.deps.clock() + chatWait, 'per-chat spacing', true);
      // The claim joins the identity's last inbound time: channels with a reply window (WhatsApp) decide
      // free-form vs template from it. Read at send time, never copied into the planned row (it would be stale).
      const context: SendContext = { lastInboundAt: row.lastInboundAt === null ? null : new Date(row.lastInboundAt) };
      const windowHours = this.deps.adapter.capabilities.replyWindowHours;
      let result: DeliveryResult = { status: 'permanent', reason: 'the notice renders to no message' };
      if (replyWindowOpen(windowHours, context.lastInboundAt, new Date(this.deps.clock())) === false) {
        // Known to be closed: straight to the template, without spending a rate token on a refusal.
        result = { status: 'window-closed' };
      } else {
        // Cached after the first recipient: no promise and no await per delivery then.
        const prepared = this.deps.preparer.messages(row);
        const messages = Array.isArray(prepared) ? prepared : await prepared;
        for (let i = 0; i < messages.length; i += 1) {
          // Once a part is out, the rest follows after the pause (the limiter holds it) rather than the
          // whole notice being resent later: putting it back here duplicated the first part (the Telegram
          // broadcast test caught photos sent twice to chats waiting for their 1 s spacing at a 429).
          if (i === 0 && this.paused()) return this.putBack(row, this.pausedUntil, 'lane paused', true);
          // Only the first part is `bulk` (a 429 comes back at once and pauses the lane); once a part is
          // out, later parts may wait in the adapter rather than be resent whole (a duplicate first part).
          const message = i === 0 ? bulkOf(messages[i]!) : messages[i]!;
          result = await this.sendOne(ref, chat, message, context, onHand);
          if (result.status !== 'delivered') break;
        }
      }
      if (result.status === 'window-closed') {
        const template = await this.deps.preparer.template(row);
        if (template) {
          result = await this.sendOne(ref, chat, bulkOf(template), context, onHand);
          if (result.status === 'window-closed') result = { status: 'permanent', reason: 'template refused: window closed' };
        }
      }
      this.settle(row, result, handed);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.settle(row, { status: 'transient', reason }, handed);
    }
  }

  /**
   * One channel call. The lane's token and the chat's slot are taken together, synchronously, right
   * before the call: taking the token first and then waiting for the chat let a delayed send bunch
   * with later ones (the loaded test suite once saw 51 in a sliding second at a 50/s cap).
   */
  private async sendOne(
    ref: ConversationRef, chat: string, message: OutboundMessage, context: SendContext, onHand: () => void,
  ): Promise<DeliveryResult> {
    const { limiter, spacing } = this.deps;
    for (;;) {
      const now = performance.now();
      const wait = Math.max(limiter.delay(now), spacing.peek(chat, now));
      if (wait === 0 && limiter.tryTake(now)) {
        spacing.take(chat, now);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(wait))));
    }
    onHand();
    try {
      return await this.deps.adapter.send(ref, message, this.deadlines.current(), context);
    } finally {
      spacing.extend(chat, performance.now());
    }
  }

  private settle(row: ClaimedDelivery, result: DeliveryResult, wasSent: boolean): void {
    const { lane, worker, events, options, clock } = this.deps;
    if (result.status === 'delivered') {
      // The hot path: the event object is built only when the outcome is committed and announced.
      const { messageId } = result;
      return this.buffer.add({
        sent: { id: row.id, messageId }, wasSent,
        announce: () => events.emit('delivery:sent', {
          lane, deliveryId: row.id, noticeId: row.noticeId, identityId: row.identityId, attempts: row.attempts, messageId,
        }),
      });
    }
    const event: DeliveryEvent = { lane, deliveryId: row.id, noticeId: row.noticeId, identityId: row.identityId, attempts: row.attempts };
    const now = clock();
    switch (result.status) {
      case 'rate-limited': {
        if (result.scope === 'chat') {
          // Only this recipient waits (WhatsApp's pair rate, its daily recipient budget): the lane keeps
          // sending to others. No attempt is used; the reason stays on the row for the admin.
          const notBefore = now + result.retryAfterMs;
          const reason = result.reason ?? 'rate limited for this recipient';
          log('%s holds delivery %d for %d ms: %s', lane, row.id, result.retryAfterMs, reason);
          return this.buffer.add({
            retry: { id: row.id, notBefore, refund: true, reason }, wasSent,
            announce: () => events.emit('delivery:deferred', { ...event, notBefore, reason }),
          });
        }
        // The whole lane waits: Telegram answers further sends with longer 429s otherwise.
        this.pausedUntil = Math.max(this.pausedUntil, now + result.retryAfterMs);
        this.deps.limiter.pause(result.retryAfterMs);
        log('%s paused %d ms', lane, result.retryAfterMs);
        events.emit('lane:paused', { lane, worker, ms: result.retryAfterMs, result });
        return this.putBack(row, this.pausedUntil, 'rate limited', true, wasSent);
      }
      case 'recipient-gone':
        return this.fail(row, event, 'gone', result.reason, wasSent, { identityId: row.identityId, reason: result.reason });
      case 'window-closed':
        return this.fail(row, event, 'window', 'outside the reply window and no template configured', wasSent);
      case 'permanent':
        return this.fail(row, event, 'permanent', result.reason, wasSent);
      case 'transient': {
        if (row.attempts >= options.maxAttempts) {
          return this.fail(row, event, 'exhausted', `${options.maxAttempts} attempts: ${result.reason}`, wasSent);
        }
        const notBefore = now + Math.max(result.retryAfterMs ?? 0, retryDelay(row.attempts, options.backoffBaseMs, options.backoffMaxMs));
        return this.buffer.add({
          retry: { id: row.id, notBefore, refund: false, reason: result.reason }, wasSent,
          announce: () => events.emit('delivery:retry', { ...event, notBefore, reason: result.reason }),
        });
      }
    }
  }

  private fail(
    row: ClaimedDelivery, event: DeliveryEvent, outcome: 'gone' | 'window' | 'permanent' | 'exhausted', reason: string,
    wasSent: boolean, deactivate?: BufferedOutcome['deactivate'],
  ): void {
    this.buffer.add({
      failed: { id: row.id, outcome, reason }, wasSent, ...(deactivate ? { deactivate } : {}),
      announce: () => this.deps.events.emit('delivery:failed', { ...event, outcome, reason }),
    });
  }

  /** Returns a row to the queue for later without using up an attempt (pause, per-chat spacing). */
  private putBack(row: ClaimedDelivery, notBefore: number, reason: string, refund: boolean, wasSent = false): void {
    this.buffer.add({ retry: { id: row.id, notBefore, refund, reason }, wasSent });
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Broadcast parts carry `bulk: true`; the marked copy is made once per rendered message, not per recipient. */
const bulkCopies = new WeakMap<OutboundMessage, OutboundMessage>();
function bulkOf(message: OutboundMessage): OutboundMessage {
  if (message.bulk) return message;
  let copy = bulkCopies.get(message);
  if (!copy) {
    copy = { ...message, bulk: true };
    bulkCopies.set(message, copy);
  }
  return copy;
}
