import type { TelegramCall, TelegramTransformer } from '../telegram-api.js';

/** One recorded call and how it ended. */
export interface RecordedCall {
  readonly call: TelegramCall;
  readonly outcome: 'ok' | 'error';
  readonly result?: unknown;
  readonly error?: unknown;
}

/**
 * Records every call that passes (tests assert what the adapter asked Telegram, before any retry).
 * Put it innermost to see each retry as its own call.
 *
 * @example
 * const recorder = recordCalls();
 * new TelegramAdapter({ tenant, token, transformers: [recorder.transformer] });
 * recorder.calls.map((c) => c.call.method); // ['sendMessage']
 */
export function recordCalls(): { transformer: TelegramTransformer; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const transformer: TelegramTransformer = async (prev, call, signal) => {
    try {
      const result = await prev(call, signal);
      calls.push({ call, outcome: 'ok', result });
      return result;
    } catch (error) {
      calls.push({ call, outcome: 'error', error });
      throw error;
    }
  };
  return { transformer, calls };
}
