/**
 * Options of {@link createFakeTelegram}, with Telegram's defaults.
 */
import type { User } from 'grammy/types';
import type { Clock } from './clock.js';

/** Message limits; every one can be changed, `false` turns them all off. */
export interface FakeLimits {
  /** Messages per bot in any 1-second window (Telegram: ~30 for bulk notifications). */
  perBotPerSecond: number;
  /** Messages per chat in any 1-second window (Telegram: ~1). */
  perChatPerSecond: number;
  /** Messages per group or supergroup in any 1-minute window (Telegram: 20). */
  perGroupPerMinute: number;
}

/**
 * How to start a fake Telegram server. Only `token` is required.
 *
 * @example
 * const fake = await createFakeTelegram({ token: '123:ABC', limits: { perBotPerSecond: 5 }, clock });
 * const bot = new Bot('123:ABC', { client: { apiRoot: fake.apiRoot } });
 * t.teardown(() => fake.close());
 */
export interface FakeTelegramOptions {
  /** The bot token accepted in `/bot<token>/…`; any other token answers 401 Unauthorized. */
  token: string;
  /** What getMe returns; the id defaults to the number before `:` in the token. */
  botInfo?: Partial<User> & { can_join_groups?: boolean; can_read_all_group_messages?: boolean; supports_inline_queries?: boolean };
  /** Overrides of Telegram's limits, or `false` to disable rate limiting (correctness tests that send in bursts). */
  limits?: Partial<FakeLimits> | false;
  /** Monotonic clock for rate windows and record timestamps (default `performance.now()`). */
  clock?: Clock;
  /** Fixed latency added to every call, in ms (default 0). */
  latencyMs?: number;
  /** Accept sends to chats never seen before (benchmarks); default false → 400 "chat not found". */
  acceptUnknownChats?: boolean;
  /** Webhook delivery: answer timeout before re-sending (default 2000 ms) and pause between attempts (default 50 ms). */
  webhook?: { timeoutMs?: number; retryDelayMs?: number };
  /** The first update_id assigned by pushUpdate (default 1). */
  firstUpdateId?: number;
}

/** Telegram's documented limits. */
export const telegramLimits: FakeLimits = { perBotPerSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };
