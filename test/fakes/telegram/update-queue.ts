/**
 * Pending updates and `getUpdates` long polling. Updates stay queued until confirmed by a later `offset` (or
 * acknowledged by the webhook); a poll with nothing to return is held until an update arrives or its `timeout`
 * ends; a second poll terminates the first with 409, as on Telegram when two instances poll one token.
 */
import type { Update } from 'grammy/types';
import { apiErrors, type BotApiError } from './api-error.js';

/** Telegram's default when `allowed_updates` was never set: every type except these three. */
const notByDefault = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/** An update as tests push it: `update_id` is assigned when absent. */
export type UpdateInput = Omit<Update, 'update_id'> & { update_id?: number };

/** The kind of an update: its single key besides `update_id` (`message`, `callback_query`, …). */
export function updateType(update: Update): string {
  return Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown';
}

interface Waiter {
  limit: number;
  resolve(updates: Update[]): void;
  reject(error: BotApiError): void;
  timer: NodeJS.Timeout;
}

/**
 * The bot's update queue.
 *
 * @example
 * const queue = new UpdateQueue(1);
 * queue.push({ message: textMessage({ text: 'ciao' }) });
 * await queue.poll({ offset: 0, limit: 100, timeoutSec: 0 }); // [{ update_id: 1, message: … }]
 */
export class UpdateQueue {
  private updates: Update[] = [];
  private nextId: number;
  private waiter: Waiter | undefined;
  private readonly pushListeners = new Set<() => void>();
  /** The stored `allowed_updates` filter (Telegram keeps the last one given). */
  allowedUpdates: string[] | undefined;

  constructor(firstUpdateId: number) {
    this.nextId = firstUpdateId;
  }

  get pendingCount(): number {
    return this.updates.filter((u) => this.isAllowed(u)).length;
  }

  /** Queues an update (assigning `update_id` if absent) and wakes a held poll or the webhook. */
  push(input: UpdateInput): Update {
    const update = { ...input, update_id: input.update_id ?? this.nextId } as Update;
    this.nextId = Math.max(this.nextId, update.update_id + 1);
    this.updates.push(update);
    this.updates.sort((a, b) => a.update_id - b.update_id);
    if (this.waiter && this.isAllowed(update)) {
      const waiter = this.waiter;
      this.waiter = undefined;
      clearTimeout(waiter.timer);
      waiter.resolve(this.take(waiter.limit));
    }
    for (const listener of this.pushListeners) listener();
    return update;
  }

  /** Subscribes to pushes (the webhook sender). */
  onPush(listener: () => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  /** The next deliverable update, without removing it. */
  peek(): Update | undefined {
    this.dropDisallowed();
    return this.updates[0];
  }

  /** Removes one delivered update (webhook acknowledged it). */
  remove(updateId: number): void {
    this.updates = this.updates.filter((u) => u.update_id !== updateId);
  }

  /** Drops everything pending (`drop_pending_updates`). */
  clear(): void {
    this.updates = [];
  }

  /** Confirms updates: positive `offset` drops ids below it; negative keeps only the last `-offset`. */
  confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
    else this.updates = this.updates.slice(offset);
  }

  /**
   * One getUpdates call: confirm by offset, then return what is pending or hold until an update arrives or
   * `timeoutSec` passes. `onAbandon` lets the server cancel the hold when the client hangs up.
   */
  poll(
    request: { offset?: number; limit: number; timeoutSec: number; allowedUpdates?: string[] },
    onAbandon: (cancel: () => void) => void = () => {},
    settled = false,
  ): Promise<Update[]> {
    if (this.waiter && !settled) {
      // A poller that just hung up (a stopping bot aborts its held poll, then confirms its offset) may not
      // be noticed yet when its close is read in the same event-loop turn as this request. Telegram never
      // answers a connection that is gone, so give the close that turn before ending a poll with 409.
      return new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.poll(request, onAbandon, true));
    }
    if (request.allowedUpdates !== undefined) this.allowedUpdates = request.allowedUpdates.length > 0 ? request.allowedUpdates : undefined;
    this.confirm(request.offset);
    if (this.waiter) {
      const previous = this.waiter;
      this.waiter = undefined;
      clearTimeout(previous.timer);
      previous.reject(apiErrors.terminatedByOtherGetUpdates());
    }
    const ready = this.take(request.limit);
    if (ready.length > 0 || request.timeoutSec <= 0) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        limit: request.limit,
        resolve,
        reject,
        timer: setTimeout(() => {
          if (this.waiter === waiter) this.waiter = undefined;
          resolve([]);
        }, request.timeoutSec * 1000),
      };
      this.waiter = waiter;
      onAbandon(() => {
        if (this.waiter !== waiter) return;
        this.waiter = undefined;
        clearTimeout(waiter.timer);
        resolve([]);
      });
    });
  }

  /** Ends a held poll with an empty result (server closing). */
  releaseWaiter(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve([]);
    }
  }

  isAllowed(update: Update): boolean {
    const type = updateType(update);
    return this.allowedUpdates ? this.allowedUpdates.includes(type) : !notByDefault.has(type);
  }

  private take(limit: number): Update[] {
    this.dropDisallowed();
    return this.updates.slice(0, Math.max(1, Math.min(100, limit)));
  }

  // Telegram does not even create updates the bot did not ask for; dropping them keeps the queue honest.
  private dropDisallowed(): void {
    this.updates = this.updates.filter((u) => this.isAllowed(u));
  }
}
