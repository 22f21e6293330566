/**
 * What happens inside the fake, as events: every API call when it starts (`request`, e.g. a long poll now held)
 * and when it is answered (`call`, with its status), every recorded message, every update
 * pushed and delivered, every webhook attempt. Tests wait on these instead of sleeping.
 */
import type { Update } from 'grammy/types';
import type { SentMessage } from './sent-message.js';

/** One thing that happened in the fake. */
export type FakeEvent =
  | { type: 'request'; method: string; params: Record<string, unknown> }
  | { type: 'call'; method: string; status: number; params: Record<string, unknown>; at: number }
  | { type: 'message'; record: SentMessage }
  | { type: 'update-pushed'; update: Update }
  | { type: 'update-delivered'; update: Update; via: 'getUpdates' | 'webhook' }
  | { type: 'webhook-attempt'; update: Update; status?: number; error?: string };

/**
 * A tiny synchronous event hub with promise-based waiting.
 *
 * @example
 * const sent = fake.events.next((e) => e.type === 'message');
 * await bot.api.sendMessage(42, 'Ciao');
 * await sent;
 */
export class FakeEvents {
  private readonly listeners = new Set<(event: FakeEvent) => void>();

  emit(event: FakeEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Calls `listener` for every event until the returned function is called. */
  on(listener: (event: FakeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the next event matching `match`; rejects after `timeoutMs` naming what it waited for. */
  next(match: (event: FakeEvent) => boolean, timeoutMs = 2000): Promise<FakeEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`No matching fake Telegram event within ${timeoutMs} ms (${match.toString()}); raise timeoutMs or check that the bot really calls the API`));
      }, timeoutMs);
      const off = this.on((event) => {
        if (!match(event)) return;
        clearTimeout(timer);
        off();
        resolve(event);
      });
    });
  }

  /**
   * Resolves as soon as `condition()` holds: checked now and again after every event, so it cannot miss a state
   * reached before the call. Rejects after `timeoutMs`.
   */
  until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`Condition not met within ${timeoutMs} ms (${condition.toString()}); raise timeoutMs or check what the bot sent with fake.sentMessages`));
      }, timeoutMs);
      const off = this.on(() => {
        if (!condition()) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }
}
