import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { chain, type Transformer } from '../../core/index.js';

/** One call through the transformer chain (what `chain` builds). */
type CallFn<Call, Result> = ReturnType<typeof chain<Call, Result>>;

/**
 * One Bot API call as the transformer chain sees it. `interactive` is false for the first message of a
 * broadcast delivery (the outbox owns its pacing and must hear about a 429 at once).
 *
 * @example
 * await api.call('sendMessage', { chat_id: 42, text: 'Ciao' }, { interactive: true });
 */
export interface TelegramCall {
  readonly method: string;
  readonly payload: Record<string, unknown>;
  readonly interactive: boolean;
}

/** A transformer around every outbound Bot API call (retry, metrics, recording). */
export type TelegramTransformer = Transformer<TelegramCall, unknown>;

/** Options of {@link TelegramApi}. */
export interface TelegramApiOptions {
  /** Bot API root, default `https://api.telegram.org` (tests: the fake's `apiRoot`). */
  readonly apiRoot?: string;
  /** Transformers, outermost first. */
  readonly transformers?: readonly TelegramTransformer[];
  /** What getMe would return, to skip that call (tests, offline tools). */
  readonly botInfo?: UserFromGetMe;
}

/**
 * The thin Bot API client of the adapter: a grammY `Bot` (its HTTP client, multipart uploads, errors)
 * with every outbound call sent through Campanile's transformer chain. Polling calls go around the
 * chain: a held long poll is not an outbound message.
 *
 * @example
 * const api = new TelegramApi(token, { apiRoot, transformers: [retryAfter()] });
 * await api.init(); api.me.username; // 'comune_esempio_bot'
 * await api.call('sendMessage', { chat_id: 42, text: 'Ciao' }, { interactive: true });
 */
export class TelegramApi {
  readonly bot: Bot;
  private readonly send: CallFn<TelegramCall, unknown>;

  constructor(token: string, options: TelegramApiOptions = {}) {
    // sensitiveLogs stays false (grammY's default): the token never appears in error messages.
    this.bot = new Bot(token, {
      client: { apiRoot: options.apiRoot ?? 'https://api.telegram.org', timeoutSeconds: 60 },
      ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    });
    const raw = this.bot.api.raw as unknown as Record<string, (payload: Record<string, unknown>, signal?: AbortSignal) => Promise<unknown>>;
    const base: CallFn<TelegramCall, unknown> = (call, signal) => {
      const fn = raw[call.method];
      if (!fn) throw new Error(`Unknown Bot API method ${call.method}`);
      return fn(call.payload, signal);
    };
    this.send = chain(base, options.transformers ?? []);
  }

  /** Calls getMe once (unless `botInfo` was given). */
  async init(): Promise<void> {
    await this.bot.init();
  }

  /** Asks Telegram anew who the bot is (its token still works), outside the chain. */
  getMe(): Promise<UserFromGetMe> {
    return this.bot.api.getMe();
  }

  /** The bot's own user, after `init`. */
  get me(): UserFromGetMe {
    return this.bot.botInfo;
  }

  get initialized(): boolean {
    return this.bot.isInited();
  }

  /** An outbound call through the transformer chain. */
  call<T>(method: string, payload: Record<string, unknown>, options: { interactive: boolean; signal?: AbortSignal }): Promise<T> {
    return this.send({ method, payload, interactive: options.interactive }, options.signal) as Promise<T>;
  }

  /** A call outside the chain (getUpdates, setWebhook, getFile). */
  direct<T>(method: string, payload: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    const raw = this.bot.api.raw as unknown as Record<string, (payload: Record<string, unknown>, signal?: AbortSignal) => Promise<unknown>>;
    return raw[method]!(payload, signal) as Promise<T>;
  }
}
