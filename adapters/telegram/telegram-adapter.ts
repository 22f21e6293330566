import createDebug from 'debug';
import type { Update, UserFromGetMe } from 'grammy/types';
import {
  delivery, memoryStorage, type LeaseKeeper,
  type AdapterRuntime, type AdapterStopReason, type ChannelAdapter, type ChannelCapabilities, type ConversationRef, type DeliveryResult,
  type HttpRoute, type InboundEvent, type OutboundMessage,
} from '../../core/index.js';
import { CallbackData } from './callback-data.js';
import { telegramCapabilities } from './capabilities.js';
import { deepLink, START_PAYLOAD } from './deep-link.js';
import { classifyTelegramError } from './errors.js';
import { FileIdCache } from './file-id-cache.js';
import { fileDownload } from './file-download.js';
import { ALLOWED_UPDATES, fromTelegram } from './mapping.js';
import { attachmentRefusal, sendTelegram, type TelegramSender } from './outbound.js';
import { pollingKeeper, TelegramPolling } from './polling.js';
import { posterRoutes } from './poster-routes.js';
import { TelegramApi, type TelegramTransformer } from './telegram-api.js';
import { telegramMetrics, type MethodMetrics } from './transformers/metrics.js';
import { retryAfter, type RetryAfterOptions } from './transformers/retry-after.js';
import { SECRET_PATTERN, webhookRoute } from './webhook.js';

// The join-link request, from the contract (core/index.ts keeps its surface small).
type JoinRequest = Parameters<NonNullable<ChannelAdapter['joinLink']>>[0];

// Method names and statuses only: never the token, never a citizen's text.
const debug = createDebug('campanile:telegram');

/**
 * Options of {@link TelegramAdapter}. `tenant` and `token` are required; webhook mode also needs
 * `webhook.publicUrl` and `webhook.secret`.
 *
 * @example
 * new TelegramAdapter({ tenant: 'esempio', token: process.env.TELEGRAM_BOT_TOKEN!, mode: 'webhook',
 *   webhook: { publicUrl: 'https://campanile.comune.example.it', secret: process.env.TELEGRAM_WEBHOOK_SECRET! } });
 */
export interface TelegramAdapterOptions {
  /** Slug of the tenant (comune) this bot serves: one bot per comune. */
  readonly tenant: string;
  /** Bot token from @BotFather. Never logged. */
  readonly token: string;
  /** Account name within the tenant (default `default`). */
  readonly account?: string;
  /** Bot API root (default `https://api.telegram.org`; `TELEGRAM_API_ROOT`, tests: the fake's). */
  readonly apiRoot?: string;
  /** `polling` (default: getUpdates, no public URL needed) or `webhook`. */
  readonly mode?: 'polling' | 'webhook';
  /** Webhook mode: the public base URL and the secret Telegram echoes in `X-Telegram-Bot-Api-Secret-Token`. */
  readonly webhook?: { readonly publicUrl: string; readonly secret: string };
  /** Bulk messages per second for this bot, declared to the outbox (default 30, `TELEGRAM_RATE`). */
  readonly ratePerSecond?: number;
  /** The comune's name printed on posters (default: the bot's first name from getMe). */
  readonly displayName?: string;
  /** Bounds of the wait on 429 for interactive replies. */
  readonly retry?: RetryAfterOptions;
  /** Extra transformers around every outbound call (recording in tests), innermost last. */
  readonly transformers?: readonly TelegramTransformer[];
  /** Long-poll timeout in seconds (default 25). */
  readonly pollingTimeoutSeconds?: number;
  /**
   * Polling mode, several processes on one database: only the holder of the lease
   * `telegram:polling:<bot id>` polls. It lasts `ttlMs` (default 30 s) unless renewed every `renewMs`
   * (default a third of it); the others try every `retryMs` (default a third of it), so they take over
   * within `ttlMs + retryMs` when the holder dies, and at once when it stops (cluster signals).
   */
  readonly pollingLease?: { readonly ttlMs?: number; readonly renewMs?: number; readonly retryMs?: number };
  /** What getMe returns, to skip the call (offline tools and tests). */
  readonly botInfo?: UserFromGetMe;
}

/**
 * The Telegram channel (grammY): one instance per comune's bot. Inbound by long polling or webhook;
 * outbound renders normalized messages as HTML text, inline keyboards, photos and documents with
 * `file_id` reuse, and turns every Telegram refusal into a `DeliveryResult`.
 *
 * @example
 * const telegram = new TelegramAdapter({ tenant: 'esempio', token });
 * const campanile = await createCampanile({ config, log, modules, adapters: [{ adapter: telegram, tenant: 'esempio' }] });
 * await campanile.start(); // getMe, then polling
 */
export class TelegramAdapter implements ChannelAdapter {
  readonly channel = 'telegram';
  readonly account: string;
  readonly tenant: string;
  readonly capabilities: ChannelCapabilities;
  readonly routes: readonly HttpRoute[];
  readonly api: TelegramApi;
  private readonly options: TelegramAdapterOptions;
  private readonly botId: number;
  private readonly metricsSource = telegramMetrics();
  private runtime: AdapterRuntime | undefined;
  private polling: TelegramPolling | undefined;
  private keeper: LeaseKeeper | undefined;
  private callbackData = new CallbackData(memoryStorage());
  private fileIds = new FileIdCache(memoryStorage());
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly download: (fileId: string, signal?: AbortSignal) => Promise<Uint8Array>;

  constructor(options: TelegramAdapterOptions) {
    if (!options.tenant) throw new Error('TelegramAdapter: pass { tenant }, the slug of the comune this bot serves.');
    if (!options.token) throw new Error('TelegramAdapter: pass { token } (TELEGRAM_BOT_TOKEN), the token @BotFather gave for this bot.');
    const botId = Number(options.token.split(':')[0]);
    if (!Number.isSafeInteger(botId) || botId <= 0) throw new Error('TelegramAdapter: the token (TELEGRAM_BOT_TOKEN, or a stored account\'s token) must look like "123456789:AA…" as @BotFather prints it.');
    if (options.mode === 'webhook') {
      if (!options.webhook?.publicUrl) throw new Error('TelegramAdapter: webhook mode needs webhook.publicUrl (PUBLIC_URL), the https address Telegram calls.');
      if (!options.webhook.secret || !SECRET_PATTERN.test(options.webhook.secret)) {
        throw new Error('TelegramAdapter: webhook mode needs webhook.secret (TELEGRAM_WEBHOOK_SECRET): 1–256 characters of A-Z a-z 0-9 _ -, e.g. `openssl rand -hex 32`.');
      }
    }
    const rate = options.ratePerSecond ?? 30;
    if (!(rate > 0)) throw new Error('TelegramAdapter: ratePerSecond (TELEGRAM_RATE) must be a positive number of messages per second.');
    this.options = options;
    this.tenant = options.tenant;
    this.account = options.account ?? 'default';
    this.botId = botId;
    this.api = new TelegramApi(options.token, {
      ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
      ...(options.botInfo ? { botInfo: options.botInfo } : {}),
      transformers: [this.metricsSource.transformer, retryAfter(options.retry), ...(options.transformers ?? [])],
    });
    this.capabilities = telegramCapabilities(rate);
    this.download = fileDownload(this.api, options.token, options.apiRoot);
    const base = this.account === 'default' ? this.tenant : `${this.tenant}/${this.account}`;
    this.routes = [
      ...(options.mode === 'webhook' ? [webhookRoute(`/webhooks/telegram/${base}`, options.webhook!.secret, (update) => this.handleUpdate(update))] : []),
      ...posterRoutes(base, () => (this.username ? { username: this.username, comune: this.options.displayName ?? this.api.me.first_name } : undefined)),
    ];
  }

  /** The bot's numeric id (the token's prefix): two adapters with the same one are the same bot. */
  get bot(): number {
    return this.botId;
  }

  /** The webhook path of this bot. */
  get webhookPath(): string {
    return `/webhooks/telegram/${this.account === 'default' ? this.tenant : `${this.tenant}/${this.account}`}`;
  }

  /** The bot's username (after `start`). */
  get username(): string | undefined {
    return this.api.initialized ? this.api.me.username : undefined;
  }

  /** The deep link `t.me/<bot>?start=<payload>` of this comune's bot (after getMe). */
  joinLink(request: JoinRequest): ReturnType<NonNullable<ChannelAdapter['joinLink']>> {
    const username = this.username;
    if (!username || request.tenant !== this.tenant) return undefined;
    const payload = request.payload && START_PAYLOAD.test(request.payload) ? request.payload : undefined;
    return { url: deepLink(username, payload), handle: `@${username}` };
  }

  /**
   * Whether this process polls the bot: `off` (webhook mode, or not started), `standby` (another
   * process holds the polling lease) or `polling`.
   */
  get pollingState(): 'off' | 'standby' | 'polling' {
    if (!this.polling) return 'off';
    return !this.keeper || this.keeper.holding ? 'polling' : 'standby';
  }

  /** The polling lease's keeper (polling mode, after `start`): its `events` say when this process took, lost or released the bot. */
  get pollingLease(): LeaseKeeper | undefined {
    return this.keeper;
  }

  /** Outbound calls per method (counts, refusals, time). */
  metrics(): Record<string, MethodMetrics> {
    return this.metricsSource.snapshot();
  }

  async start(runtime: AdapterRuntime): Promise<void> {
    this.runtime = runtime;
    this.callbackData = new CallbackData(runtime.storage);
    this.fileIds = new FileIdCache(runtime.storage);
    await this.api.init();
    if (this.options.mode === 'webhook') {
      const url = `${this.options.webhook!.publicUrl.replace(/\/+$/, '')}${this.webhookPath}`;
      await this.api.direct('setWebhook', { url, secret_token: this.options.webhook!.secret, allowed_updates: [...ALLOWED_UPDATES] });
      runtime.log.info({ bot: this.api.me.username, url }, 'telegram webhook set');
    } else {
      // A webhook left from an earlier deployment would make getUpdates fail with 409.
      await this.api.direct('deleteWebhook', { drop_pending_updates: false });
      const polling = new TelegramPolling(this.api, (updates) => this.deliverAll(updates), runtime.log, this.options.pollingTimeoutSeconds);
      this.polling = polling;
      this.keeper = pollingKeeper(polling, { runtime, botId: this.botId, username: this.api.me.username, ...(this.options.pollingLease ? { lease: this.options.pollingLease } : {}) });
      await this.keeper.start();
    }
  }

  /**
   * `getMe` with the account's token: a revoked token answers 401 Unauthorized. No signal: grammY's
   * client has a timeout of its own, and the caller's check has one too.
   */
  async checkConnection(): Promise<{ readonly ok: true; readonly identity: string } | { readonly ok: false; readonly problem: string }> {
    try {
      const me = await this.api.getMe();
      return { ok: true, identity: `@${me.username}` };
    } catch (error) {
      return { ok: false, problem: `Telegram refused getMe: ${connectionProblem(error)}` };
    }
  }

  /**
   * Stops polling (releasing the polling lease after the last batch is confirmed) and waits for work in
   * hand. `detach` (the account was deactivated, deleted or changed) also deletes the webhook in webhook
   * mode, keeping pending updates; `shutdown` (a restart) leaves it, so Telegram keeps the updates for the
   * next start.
   */
  async stop(reason: AdapterStopReason = 'shutdown'): Promise<void> {
    if (this.keeper) await this.keeper.stop();
    else await this.polling?.stop();
    this.keeper = undefined;
    this.polling = undefined;
    if (reason === 'detach' && this.options.mode === 'webhook') await this.deleteWebhook();
    await Promise.allSettled([...this.inFlight]);
    this.runtime = undefined;
  }

  /**
   * Maps one native update to engine events: answers a callback query at once (Telegram shows a spinner
   * until it is answered), resolves short callback ids, and returns what the engine should handle.
   */
  async handleUpdate(update: Update): Promise<InboundEvent[]> {
    const event = fromTelegram(update, {
      tenant: this.tenant, account: this.account, botId: this.botId, fetchFile: this.download,
    });
    if (update.callback_query) {
      // Every callback query is answered, even one we cannot map: fire and forget, the turn does not wait.
      this.track(this.api.call('answerCallbackQuery', { callback_query_id: update.callback_query.id }, { interactive: true })
        .catch((error: unknown) => debug('answerCallbackQuery failed: %s', error instanceof Error ? error.message : error)));
    }
    if (!event) return [];
    if (event.type === 'message' && event.kind === 'button') {
      const payload = await this.callbackData.decode(event.payload);
      return [{ ...event, payload: payload ?? event.payload }];
    }
    return [event];
  }

  async send(ref: ConversationRef, message: OutboundMessage, signal?: AbortSignal): Promise<DeliveryResult> {
    const refused = attachmentRefusal(message.attachment, this.capabilities);
    if (refused) return refused;
    try {
      return delivery.delivered(await sendTelegram(ref.chatId, message, this.sender(), signal));
    } catch (error) {
      const verdict = classifyTelegramError(error);
      if (verdict.kind === 'result') return this.logged(verdict.result, message);
      // The group became a supergroup: tell the engine (it updates the identity) and follow once.
      const to: ConversationRef = { ...ref, chatId: String(verdict.toChatId) };
      this.runtime?.deliver({ type: 'event', kind: 'recipient-moved', id: `moved:${ref.chatId}:${to.chatId}`, ref, to, raw: null })
        .catch((e: unknown) => this.runtime?.log.warn({ err: e }, 'recipient-moved not recorded'));
      try {
        return delivery.delivered(await sendTelegram(to.chatId, message, this.sender(), signal));
      } catch (second) {
        const again = classifyTelegramError(second);
        return this.logged(again.kind === 'result' ? again.result : delivery.permanent('chat migrated twice in one send'), message);
      }
    }
  }

  /** The deep link that opens this bot, optionally with a start payload (after `start`). */
  deepLink(payload?: string): string {
    if (!this.username) throw new Error('TelegramAdapter.deepLink: the bot username is known after start() (getMe).');
    return deepLink(this.username, payload);
  }

  /** Telegram stops posting to the route just unserved (it would answer 404); pending updates stay queued. */
  private async deleteWebhook(): Promise<void> {
    const log = this.runtime?.log;
    try {
      await this.api.direct('deleteWebhook', { drop_pending_updates: false });
      log?.info({ bot: this.username }, 'telegram webhook deleted: the account was detached');
    } catch (error) {
      log?.warn({ err: error, bot: this.username }, 'telegram webhook not deleted: Telegram posts to a route that answers 404 until it gives up; call deleteWebhook for this bot by hand');
    }
  }

  // --- outbound ---------------------------------------------------------------------------------------

  /** Read at each send: `start` swaps the codecs for ones kept in the runtime's storage. */
  private sender(): TelegramSender {
    return { api: this.api, capabilities: this.capabilities, callbackData: this.callbackData, fileIds: this.fileIds };
  }

  private logged(result: DeliveryResult, message: OutboundMessage): DeliveryResult {
    debug('send → %s%s', result.status, message.bulk ? ' (bulk)' : '');
    return result;
  }

  // --- inbound ----------------------------------------------------------------------------------------

  private async deliverAll(updates: readonly Update[]): Promise<void> {
    const runtime = this.runtime;
    if (!runtime) return;
    await Promise.all(
      updates.map(async (update) => {
        for (const event of await this.handleUpdate(update)) {
          // Durable is enough to confirm the batch: the replies go out from the outbox, and the next
          // getUpdates need not wait for them to reach Telegram.
          await runtime.accept(event).catch((error: unknown) => runtime.log.error({ err: error, update: update.update_id }, 'telegram update failed'));
        }
      }),
    );
  }

  private track<T>(promise: Promise<T>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }
}

/** grammY's error says the method and Telegram's description, never the token. */
function connectionProblem(error: unknown): string {
  if (error && typeof error === 'object' && 'description' in error && typeof error.description === 'string') return error.description;
  return error instanceof Error ? error.message : String(error);
}
