import createDebug from 'debug';
import { GrammyError } from 'grammy';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TelegramTransformer } from '../telegram-api.js';

const debug = createDebug('campanile:telegram:retry');

/** Options of {@link retryAfter}. */
export interface RetryAfterOptions {
  /** Longest single wait honoured, in ms (default 5000): a longer `retry_after` is returned as `rate-limited`. */
  readonly maxWaitMs?: number;
  /** Retries per call (default 2). */
  readonly maxRetries?: number;
}

/**
 * Honours Telegram's `retry_after` on 429 for interactive calls (a citizen waiting for the reply), a
 * bounded number of times. Bulk calls are never retried here: the outbox pauses the whole lane instead
 * (one sender waiting alone would let the others keep hitting the limit).
 *
 * @example
 * const api = new TelegramApi(token, { transformers: [retryAfter({ maxWaitMs: 3000 })] });
 */
export function retryAfter(options: RetryAfterOptions = {}): TelegramTransformer {
  const maxWaitMs = options.maxWaitMs ?? 5000;
  const maxRetries = options.maxRetries ?? 2;
  return async (prev, call, signal) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await prev(call, signal);
      } catch (error) {
        if (!call.interactive || attempt >= maxRetries || !(error instanceof GrammyError) || error.error_code !== 429) throw error;
        const waitMs = Math.max(1, error.parameters.retry_after ?? 1) * 1000;
        if (waitMs > maxWaitMs) throw error;
        debug('%s: 429, waiting %d ms (attempt %d)', call.method, waitMs, attempt + 1);
        await sleep(waitMs, undefined, { signal });
      }
    }
  };
}
