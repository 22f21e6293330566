/**
 * A fake Telegram Bot API server on a real `node:http` socket (127.0.0.1, random port), for tests and benchmarks
 * that drive the real grammY client: `new Bot(token, { client: { apiRoot: fake.apiRoot } })`. It answers
 * `/bot<token>/<method>` and `/file/bot<token>/<path>` like api.telegram.org — same JSON envelopes, HTTP statuses,
 * error descriptions and limits — and lets the test script what Telegram would do (blocked users, 5xx, latency).
 */
import http from 'node:http';
import createDebug from 'debug';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';
import { BotApiError, apiErrors } from './api-error.js';
import { BotState, type CallbackQueryRecord } from './bot-state.js';
import type { ChatRegistry } from './chat-registry.js';
import { monotonicClock } from './clock.js';
import { FakeEvents, type FakeEvent } from './fake-events.js';
import { telegramLimits, type FakeTelegramOptions } from './fake-options.js';
import type { FileStore } from './file-store.js';
import { botMethods } from './methods/bot-methods.js';
import { mediaMethods } from './methods/media-methods.js';
import { messageMethods } from './methods/message-methods.js';
import { Described, type MethodHandler } from './methods/method-handler.js';
import { updateMethods } from './methods/update-methods.js';
import { readParams } from './request-body.js';
import type { SentMessage } from './sent-message.js';
import type { UpdateInput } from './update-queue.js';
import { WebhookSender } from './webhook-sender.js';

/** Counters a test or benchmark asserts on. */
export interface FakeTelegramStats {
  /** Calls per method (canonical name), refused ones included. */
  calls: Record<string, number>;
  /** Responses with status 429. */
  count429: number;
  /** Files received as multipart uploads. */
  uploads: number;
  /** Sends that reused a `file_id`. */
  fileIdReuses: number;
  /** Sends that passed an HTTP URL. */
  urlSends: number;
  /**
   * Held getUpdates calls ended with 409 "terminated by other getUpdates request" because another
   * getUpdates came for the same token (two pollers), counted when the ended poller was still connected.
   */
  pollConflicts: number;
}

/** How to make the next calls of a method fail. */
export interface InjectedFailure {
  /** HTTP status and `error_code` (default 502). */
  status?: number;
  /** Description (default "Bad Gateway"). */
  description?: string;
}

/**
 * A running fake. Close it in teardown.
 *
 * @example
 * const fake = await createFakeTelegram({ token: '123:ABC' });
 * t.teardown(() => fake.close());
 * const bot = new Bot('123:ABC', { client: { apiRoot: fake.apiRoot } });
 */
export interface FakeTelegram {
  /** `http://127.0.0.1:<port>`: pass as grammY's `client.apiRoot`. */
  readonly apiRoot: string;
  readonly token: string;
  /** Known chats; script blocked/deactivated/kicked/migrated here. */
  readonly chats: ChatRegistry;
  /** The bot's files; `files.add({ size })` makes a file for getFile tests. */
  readonly files: FileStore;
  /** Event hub: `events.next(match)` and `events.on(listener)`. */
  readonly events: FakeEvents;
  /** Every message sent or edited, in order. */
  readonly sentMessages: readonly SentMessage[];
  /** Queues an update for getUpdates or the webhook; assigns `update_id`, learns chat, files and callback id. */
  pushUpdate(update: UpdateInput): Update;
  /** Resolves once `condition()` holds, checked now and after every event (no sleeping). */
  waitFor(condition: () => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves with the next event that matches. Create the promise before acting. */
  nextEvent(match: (event: FakeEvent) => boolean, timeoutMs?: number): Promise<FakeEvent>;
  /** Counters. */
  stats(): FakeTelegramStats;
  /** Callback queries pushed so far, with their answers. */
  callbackQueries(): CallbackQueryRecord[];
  /** Ids of pushed callback queries not answered yet. */
  unansweredCallbackQueries(): string[];
  /** Makes the next `count` calls of `method` fail (502 Bad Gateway unless told otherwise). */
  failNext(method: string, count: number, failure?: InjectedFailure): void;
  /** Sets a fixed latency in ms for every call, or for one method. */
  setLatency(ms: number, method?: string): void;
  /** Stops the server: ends held polls, the webhook loop and open connections. */
  close(): Promise<void>;
}

// The token never reaches the log: only method names and statuses.
const debug = createDebug('campanile:fake-telegram');

const handlers: Record<string, MethodHandler> = { ...botMethods, ...messageMethods, ...mediaMethods, ...updateMethods };
const byLowerName = new Map(Object.keys(handlers).map((name) => [name.toLowerCase(), name]));

/**
 * Starts a fake Bot API server for one bot.
 *
 * @example
 * const fake = await createFakeTelegram({ token: '123:ABC', limits: { perChatPerSecond: 100 } });
 * fake.chats.add(42);
 * await new Bot('123:ABC', { client: { apiRoot: fake.apiRoot } }).api.sendMessage(42, 'Ciao');
 */
export async function createFakeTelegram(options: FakeTelegramOptions): Promise<FakeTelegram> {
  if (!options.token) throw new Error('createFakeTelegram: pass { token }, e.g. "123456:TEST", the same token given to new Bot()');
  const clock = options.clock ?? monotonicClock;
  const events = new FakeEvents();
  const idFromToken = Number(options.token.split(':')[0]);
  const botUser = {
    id: Number.isSafeInteger(idFromToken) && idFromToken > 0 ? idFromToken : 7000000001,
    is_bot: true as const,
    first_name: 'Comune di Campanile',
    username: 'campanile_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    ...options.botInfo,
  };
  const limits = options.limits === false ? false : { ...telegramLimits, ...options.limits };
  const state = new BotState(botUser, limits, clock, events, options.acceptUnknownChats ?? false, options.firstUpdateId ?? 1);
  state.webhook = new WebhookSender(state.queue, events, {
    timeoutMs: options.webhook?.timeoutMs ?? 2000,
    retryDelayMs: options.webhook?.retryDelayMs ?? 50,
  });
  const failures = new Map<string, Array<Required<InjectedFailure>>>();
  const latency = new Map<string, number>([['*', options.latencyMs ?? 0]]);
  let pollConflicts = 0;

  const server = http.createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download) {
      const data = download[1] === options.token ? state.files.download(decodeURIComponent(download[2]!)) : undefined;
      if (!data) return send(res, apiErrors.notFound());
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
      res.end(data);
      return;
    }
    const route = /^\/bot([^/]*)\/([^/]*)$/.exec(url.pathname);
    if (!route) return send(res, apiErrors.notFound());
    if (route[1] !== options.token) return send(res, apiErrors.unauthorized());
    const method = byLowerName.get(route[2]!.toLowerCase());
    if (!method) return send(res, apiErrors.notFound());
    state.calls[method] = (state.calls[method] ?? 0) + 1;
    let raw: Record<string, unknown> = {};
    let outcome: unknown;
    try {
      const params = await readParams(req, url);
      raw = params.raw;
      const delay = latency.get(method) ?? latency.get('*') ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const injected = failures.get(method)?.shift();
      if (injected) throw new BotApiError(injected.status, injected.description);
      events.emit({ type: 'request', method, params: raw });
      outcome = await handlers[method]!({
        params,
        state,
        onAbandon: (cancel) => {
          const gone = () => res.writableEnded || cancel();
          res.on('close', gone);
          // A client aborting a held poll closes its half of the connection at once; the response's
          // 'close' only follows later, after a poll that came next could already have been refused.
          const socket = req.socket;
          socket.once('end', gone);
          res.once('finish', () => socket.off('end', gone));
        },
      });
    } catch (error) {
      outcome = error instanceof BotApiError ? error : new BotApiError(500, `Internal Server Error: ${String(error)}`);
    }
    const status = outcome instanceof BotApiError ? outcome.errorCode : 200;
    if (status === 429) state.count429 += 1;
    // A poller that hung up (a stopping adapter aborts its held poll) never sees the 409: not a conflict.
    if (method === 'getUpdates' && outcome instanceof BotApiError && outcome.description === apiErrors.terminatedByOtherGetUpdates().description && !res.destroyed) {
      pollConflicts += 1;
    }
    debug('%s → %d', method, status);
    events.emit({ type: 'call', method, status, params: raw, at: clock.now() });
    send(res, outcome);
  }

  function send(res: http.ServerResponse, outcome: unknown): void {
    if (res.destroyed) return;
    const [status, body] =
      outcome instanceof BotApiError
        ? [outcome.errorCode, outcome.toJSON()]
        : outcome instanceof Described
          ? [200, { ok: true, result: outcome.result, description: outcome.description }]
          : [200, { ok: true, result: outcome }];
    const json = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token: options.token,
    chats: state.chats,
    files: state.files,
    events,
    sentMessages: state.sentMessages,
    pushUpdate(input) {
      const update = state.queue.push(input);
      state.learnFrom(update);
      events.emit({ type: 'update-pushed', update });
      return update;
    },
    waitFor: (condition, timeoutMs) => events.until(condition, timeoutMs),
    nextEvent: (match, timeoutMs) => events.next(match, timeoutMs),
    stats: () => ({
      calls: { ...state.calls },
      count429: state.count429,
      uploads: state.files.uploads,
      fileIdReuses: state.files.fileIdReuses,
      urlSends: state.files.urlSends,
      pollConflicts,
    }),
    callbackQueries: () => [...state.callbackQueries.values()],
    unansweredCallbackQueries: () => [...state.callbackQueries.values()].filter((q) => !q.answered).map((q) => q.id),
    failNext(method, count, failure = {}) {
      const name = byLowerName.get(method.toLowerCase());
      if (!name) throw new Error(`failNext: the fake does not implement "${method}"; implemented: ${Object.keys(handlers).join(', ')}`);
      const queue = failures.get(name) ?? [];
      for (let i = 0; i < count; i += 1) queue.push({ status: failure.status ?? 502, description: failure.description ?? 'Bad Gateway' });
      failures.set(name, queue);
    },
    setLatency(ms, method) {
      latency.set(method ? (byLowerName.get(method.toLowerCase()) ?? method) : '*', ms);
    },
    async close() {
      state.queue.releaseWaiter();
      state.webhook.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
