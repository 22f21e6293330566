import debug from 'debug';
import type { RateLimit } from '../channel/capabilities.js';
import type { ChannelAdapter } from '../channel/channel-adapter.js';
import { conversationKey, type ConversationRef } from '../channel/conversation-ref.js';
import type { DeliveryResult } from '../channel/delivery-result.js';
import type { OutboundMessage } from '../channel/outbound.js';
import { replyWindowOpen, type ChannelTexts, type SendContext } from '../channel/send-context.js';
import type { TypedEmitter } from '../engine/typed-emitter.js';
import type { ClaimedDelivery } from '../storage/sql/claim-deliveries.js';
import type { FailureOutcome } from '../storage/sql/fail-deliveries.js';
import type { SqlRunner } from '../storage/sql/sql-runner.js';
import { sleep } from '../channel/sleep.js';
import type { ChatSpacing } from './chat-spacing.js';
import { OutcomeBuffer, type BufferedOutcome } from './outcome-buffer.js';
import { DeadlineSignals } from './deadline-signals.js';
import type { DeliveryEvent, OutboxEvents } from './outbox-events.js';
import type { RateLimiter } from './rate-limiter.js';
import { retryDelay } from './retry-delay.js';
import { SendGate } from './send-gate.js';

const log = debug('campanile:lane');

/** A chat busy for longer than this is deferred through the database instead of waited for in a slot. */
const CHAT_WAIT_INLINE_MS = 50;

/**
 * A conversation message (reply, direct) limited for its chat alone waits in place up to this long
 * (WhatsApp's ~6 s pair rate); longer, it goes back to the queue and the chat's later messages with it.
 */
const CONVERSATION_WAIT_INLINE_MS = 10_000;

/** Reply and direct rows: sent in order per chat, never deferred for spacing, retried in place on a 429. */
export function isConversation(row: { readonly kind: string }): boolean {
  return row.kind !== 'notice';
}

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
  /**
   * A reply not accepted by the channel this long after the person wrote is given up (`failed(expired)`,
   * logged and counted): the person has moved on, and a late answer to an old question confuses.
   */
  readonly maxReplyAgeMs: number;
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
  /** The channel's words in the recipient's language for this row (`SendContext.texts`), when known. */
  texts?(row: ClaimedDelivery): ChannelTexts | undefined;
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
  /**
   * Of those, conversation rows: they wait at the send gate (a person's second reply for its chat's slot)
   * without holding the routine rows' concurrency, so a broadcast still gets every token a reply cannot
   * use (the mixed benchmark sent 0 notice messages/s while 600 replies were queued: 79 % of the limit).
   */
  private conversations = 0;
  private waiters: (() => void)[] = [];
  private readonly buffer: OutcomeBuffer;
  /** Epoch ms until which the lane sends nothing (the channel said "rate limited"). */
  pausedUntil = 0;
  private readonly deadlines: DeadlineSignals;
  private readonly gate: SendGate;
  /** The last conversation send queued per chat: the next one for that chat starts after it (order). */
  private readonly chains = new Map<string, Promise<void>>();
  /** Chats whose conversation message went back to the queue: later ones wait until then too (order). */
  private readonly held = new Map<string, number>();

  constructor(
    private readonly deps: {
      readonly lane: string;
      readonly worker: string;
      readonly adapter: ChannelAdapter;
      readonly sql: SqlRunner;
      readonly limiter: RateLimiter;
      readonly spacing: ChatSpacing;
      /** The account's limit as a strict sliding window over starts and finishes (see `SendGate`). */
      readonly window?: RateLimit;
      readonly preparer: DeliveryPreparer;
      readonly events: TypedEmitter<OutboxEvents>;
      readonly options: LaneSenderOptions;
      readonly clock: () => number;
      readonly onError: (error: unknown) => void;
    },
  ) {
    const { sql, worker, clock, options, onError } = deps;
    this.deadlines = new DeadlineSignals(options.sendTimeoutMs);
    this.gate = new SendGate(deps.limiter, deps.spacing, deps.window);
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

  /**
   * Sends a claimed batch; resolves when each row has started (or was put back because the lane paused).
   * Conversation rows (replies, direct messages) start at once, past the concurrency bound: a person is
   * waiting, and the send gate gives them the next token anyway; they still count as in flight.
   */
  async accept(rows: readonly ClaimedDelivery[]): Promise<void> {
    const { concurrency, maxUnconfirmed } = this.deps.options;
    for (const row of rows) {
      if (isConversation(row)) {
        this.inFlight += 1;
        this.conversations += 1;
        void this.send(row);
        continue;
      }
      while (this.inFlight - this.conversations >= concurrency || this.buffer.unconfirmed >= maxUnconfirmed) {
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
    const conversation = isConversation(row);
    try {
      await (conversation ? this.sendConversation(row) : this.sendRow(row));
    } finally {
      this.inFlight -= 1;
      if (conversation) this.conversations -= 1;
      this.wakeWaiters();
    }
  }

  private async sendRow(row: ClaimedDelivery): Promise<void> {
    const ref = row.address as ConversationRef;
    const chat = conversationKey(ref);
    const hand = new Handoff(this.buffer);
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
          result = await this.sendOne(ref, chat, message, context, hand.mark, row.priority);
          if (result.status !== 'delivered') break;
        }
      }
      if (result.status === 'window-closed') {
        const template = await this.deps.preparer.template(row);
        if (template) {
          result = await this.sendOne(ref, chat, bulkOf(template), context, hand.mark, row.priority);
          if (result.status === 'window-closed') result = { status: 'permanent', reason: 'template refused: window closed' };
        }
      }
      this.settle(row, result, hand.handed);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.settle(row, { status: 'transient', reason }, hand.handed);
    }
  }

  /**
   * One channel call. The lane's token and the chat's slot are taken together, synchronously, right
   * before the call: taking the token first and then waiting for the chat let a delayed send bunch
   * with later ones (the loaded test suite once saw 51 in a sliding second at a 50/s cap).
   */
  private async sendOne(
    ref: ConversationRef, chat: string, message: OutboundMessage, context: SendContext, onHand: () => void, priority: number,
  ): Promise<DeliveryResult> {
    const granted = this.gate.take(chat, priority);
    const done = typeof granted === 'function' ? granted : await granted;
    onHand();
    try {
      return await this.deps.adapter.send(ref, message, this.deadlines.current(), context);
    } finally {
      this.deps.spacing.extend(chat, performance.now());
      done();
    }
  }

  /** Queues a conversation row behind the chat's previous one, so one person's messages arrive in order. */
  private sendConversation(row: ClaimedDelivery): Promise<void> {
    const chat = conversationKey(row.address as ConversationRef);
    const previous = this.chains.get(chat);
    const run = previous ? previous.then(() => this.sendConversationNow(row, chat)) : this.sendConversationNow(row, chat);
    this.chains.set(chat, run);
    void run.then(() => {
      if (this.chains.get(chat) === run) this.chains.delete(chat);
    });
    return run;
  }

  // Must not throw (as sendRow): one buffered outcome per row.
  private async sendConversationNow(row: ClaimedDelivery, chat: string): Promise<void> {
    await this.sendConversationRow(row, chat);
    // Someone is waiting on this row (a turn, the messenger): commit its outcome now rather than after
    // the batching delay, so "delivered" means committed (a flush of one row: ~0.1–1 ms).
    void this.buffer.flush();
  }

  private async sendConversationRow(row: ClaimedDelivery, chat: string): Promise<void> {
    const ref = row.address as ConversationRef;
    const hand = new Handoff(this.buffer);
    try {
      const heldUntil = this.held.get(chat);
      if (heldUntil !== undefined) {
        if (heldUntil > this.deps.clock()) return this.putBack(row, heldUntil, 'an earlier message to this chat is waiting', true);
        this.held.delete(chat);
      }
      const texts = this.deps.preparer.texts?.(row);
      const context: SendContext = { lastInboundAt: row.lastInboundAt === null ? null : new Date(row.lastInboundAt), ...(texts ? { texts } : {}) };
      let result: DeliveryResult;
      if (replyWindowOpen(this.deps.adapter.capabilities.replyWindowHours, context.lastInboundAt, new Date(this.deps.clock())) === false) {
        result = { status: 'window-closed' };
      } else {
        const prepared = this.deps.preparer.messages(row);
        const [message] = Array.isArray(prepared) ? prepared : await prepared;
        if (!message) {
          this.settle(row, { status: 'permanent', reason: 'the row holds no message' }, hand.handed);
          return;
        }
        for (;;) {
          if (this.expired(row)) {
            const event = this.eventOf(row);
            const reason = `not accepted by the channel within ${Math.round(this.deps.options.maxReplyAgeMs / 1000)} s of the person's message`;
            log('%s gives up reply %d: %s', this.deps.lane, row.id, reason);
            return this.fail(row, event, 'expired', reason, hand.handed);
          }
          // `bulk`: a 429 comes back at once, so the lane pauses as a whole; an adapter waiting inside the
          // call would send again outside the lane's budget (the mixed test saw 117 × 429 from that).
          result = await this.sendOne(ref, chat, bulkOf(message), context, hand.mark, row.priority);
          if (result.status !== 'rate-limited') break;
          // Rate limited is not failure: wait and send again, here, so the chat's next message stays behind it.
          if (result.scope !== 'chat') {
            this.pauseLane(result);
            continue; // the gate holds every send until the pause ends
          }
          if (result.retryAfterMs > CONVERSATION_WAIT_INLINE_MS) break;
          await sleep(result.retryAfterMs);
        }
      }
      const retryAt = this.settle(row, result, hand.handed);
      if (retryAt !== undefined) this.held.set(chat, retryAt);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const retryAt = this.settle(row, { status: 'transient', reason }, hand.handed);
      if (retryAt !== undefined) this.held.set(chat, retryAt);
    }
  }

  private expired(row: ClaimedDelivery): boolean {
    return row.kind === 'reply' && this.deps.clock() - row.createdAt > this.deps.options.maxReplyAgeMs;
  }

  private eventOf(row: ClaimedDelivery): DeliveryEvent {
    return { lane: this.deps.lane, deliveryId: row.id, noticeId: row.noticeId, kind: row.kind, priority: row.priority, identityId: row.identityId, attempts: row.attempts };
  }

  /** The whole account waits (Telegram answers further sends with longer 429s otherwise). */
  private pauseLane(result: Extract<DeliveryResult, { status: 'rate-limited' }>): void {
    const { lane, worker, events, clock } = this.deps;
    this.pausedUntil = Math.max(this.pausedUntil, clock() + result.retryAfterMs);
    this.deps.limiter.pause(result.retryAfterMs);
    log('%s paused %d ms', lane, result.retryAfterMs);
    events.emit('lane:paused', { lane, worker, ms: result.retryAfterMs, result });
  }

  /** Buffers the row's outcome; returns when it will be tried again, for outcomes that put it back. */
  private settle(row: ClaimedDelivery, result: DeliveryResult, wasSent: boolean): number | undefined {
    const { lane, events, options, clock } = this.deps;
    if (result.status === 'delivered') {
      // The hot path: the event object is built only when the outcome is committed and announced.
      const { messageId } = result;
      const ageMs = clock() - row.createdAt;
      this.buffer.add({
        sent: { id: row.id, messageId }, wasSent,
        announce: () => events.emit('delivery:sent', {
          lane, deliveryId: row.id, noticeId: row.noticeId, kind: row.kind, priority: row.priority, identityId: row.identityId, attempts: row.attempts, messageId, ageMs,
        }),
      });
      return undefined;
    }
    const event = this.eventOf(row);
    const now = clock();
    switch (result.status) {
      case 'rate-limited': {
        if (result.scope === 'chat') {
          // Only this recipient waits (WhatsApp's pair rate, its daily recipient budget): the lane keeps
          // sending to others. No attempt is used; the reason stays on the row for the admin.
          const notBefore = now + result.retryAfterMs;
          const reason = result.reason ?? 'rate limited for this recipient';
          log('%s holds delivery %d for %d ms: %s', lane, row.id, result.retryAfterMs, reason);
          this.buffer.add({
            retry: { id: row.id, notBefore, refund: true, reason }, wasSent,
            announce: () => events.emit('delivery:deferred', { ...event, notBefore, reason }),
          });
          return notBefore;
        }
        this.pauseLane(result);
        this.putBack(row, this.pausedUntil, 'rate limited', true, wasSent);
        return this.pausedUntil;
      }
      case 'recipient-gone':
        // The one place a send result deactivates an identity: committed with the row's outcome.
        this.fail(row, event, 'gone', result.reason, wasSent, { identityId: row.identityId, reason: result.reason });
        return undefined;
      case 'window-closed':
        this.fail(row, event, 'window', 'outside the reply window and no template configured', wasSent);
        return undefined;
      case 'permanent':
        this.fail(row, event, 'permanent', result.reason, wasSent);
        return undefined;
      case 'transient': {
        if (row.attempts >= options.maxAttempts) {
          this.fail(row, event, 'exhausted', `${options.maxAttempts} attempts: ${result.reason}`, wasSent);
          return undefined;
        }
        const notBefore = now + Math.max(result.retryAfterMs ?? 0, retryDelay(row.attempts, options.backoffBaseMs, options.backoffMaxMs));
        this.buffer.add({
          retry: { id: row.id, notBefore, refund: false, reason: result.reason }, wasSent,
          announce: () => events.emit('delivery:retry', { ...event, notBefore, reason: result.reason }),
        });
        return notBefore;
      }
    }
  }

  private fail(
    row: ClaimedDelivery, event: DeliveryEvent, outcome: FailureOutcome, reason: string,
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

/** Counts a row into the in-flight window once, at its first channel call (its outcome counts it out). */
class Handoff {
  handed = false;
  constructor(private readonly buffer: OutcomeBuffer) {}
  readonly mark = (): void => {
    if (this.handed) return;
    this.handed = true;
    this.buffer.unconfirmed += 1;
  };
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
