import { GrammyError } from 'grammy';
import type { TelegramTransformer } from '../telegram-api.js';

/** Counters of one Bot API method. */
export interface MethodMetrics {
  calls: number;
  ok: number;
  /** Refusals by Telegram `error_code`; `network` for unreachable. */
  errors: Record<string, number>;
  totalMs: number;
}

/**
 * Counts every outbound call per method (outcome and time), for statistics and tests.
 *
 * @example
 * const metrics = telegramMetrics();
 * const api = new TelegramApi(token, { transformers: [metrics.transformer, retryAfter()] });
 * metrics.snapshot().sendMessage?.errors['429']; // 429s seen, retried ones included
 */
export function telegramMetrics(): { transformer: TelegramTransformer; snapshot(): Record<string, MethodMetrics> } {
  const byMethod = new Map<string, MethodMetrics>();
  const transformer: TelegramTransformer = async (prev, call, signal) => {
    const entry = byMethod.get(call.method) ?? { calls: 0, ok: 0, errors: {}, totalMs: 0 };
    byMethod.set(call.method, entry);
    const started = performance.now();
    entry.calls += 1;
    try {
      const result = await prev(call, signal);
      entry.ok += 1;
      return result;
    } catch (error) {
      const code = error instanceof GrammyError ? String(error.error_code) : 'network';
      entry.errors[code] = (entry.errors[code] ?? 0) + 1;
      throw error;
    } finally {
      entry.totalMs += performance.now() - started;
    }
  };
  return { transformer, snapshot: () => Object.fromEntries([...byMethod].map(([k, v]) => [k, structuredClone(v)])) };
}
