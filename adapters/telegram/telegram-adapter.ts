import createDebug from 'debug';
import { InputFile } from 'grammy';
import type { InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, Update, UserFromGetMe } from 'grammy/types';
import {
  choicesFit, delivery, LeaseKeeper, memoryStorage, numberedChoices, splitText, textLength, toPlainText,
  type AdapterRuntime, type AdapterStopReason, type ChannelAdapter, type ChannelCapabilities, type ConversationRef, type DeliveryResult,
  type FormattedText, type HttpRoute, type InboundEvent, type OutboundAttachment, type OutboundMessage, type TextSpan,
} from '../../core/index.js';
import { CallbackData } from './callback-data.js';
import { deepLink, START_PAYLOAD } from './deep-link.js';
import { classifyTelegramError, isEditImpossible, isNotModified } from './errors.js';
import { FileIdCache } from './file-id-cache.js';
import { toTelegramHtml } from './html.js';
import { ALLOWED_UPDATES, chatRef, fromTelegram, inlineKeyboard, locationKeyboard, MAX_BUTTON_LABEL, MAX_DOWNLOAD_BYTES } from './mapping.js';
import { TelegramPolling } from './polling.js';
import { posterHtml, posterSvg } from './poster.js';
import { qrPng, qrSvg } from './qr.js';
import { TelegramApi, type TelegramTransformer } from './telegram-api.js';
import { telegramMetrics, type MethodMetrics } from './transformers/metrics.js';
import { retryAfter, type RetryAfterOptions } from './transformers/retry-after.js';
import { SECRET_PATTERN, webhookRoute } from './webhook.js';

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

type Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup;

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

  constructor(options: TelegramAdapterOptions) {
    if (!options.tenant) throw new Error('TelegramAdapter: pass { tenant }, the slug of the comune this bot serves.');
    if (!options.token) throw new Error('TelegramAdapter: pass { token } (TELEGRAM_BOT_TOKEN), the token @BotFather gave for this bot.');
    const botId = Number(options.token.split(':')[0]);
    if (!Number.isSafeInteger(botId) || botId <= 0) throw new Error('TelegramAdapter: the token must look like "123456789:AA…" as @BotFather prints it.');
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
    const base = this.account === 'default' ? this.tenant : `${this.tenant}/${this.account}`;
    this.routes = [
      ...(options.mode === 'webhook' ? [webhookRoute(`/webhooks/telegram/${base}`, options.webhook!.secret, (update) => this.handleUpdate(update))] : []),
      ...this.publicRoutes(base),
    ];
  }

  /** The webhook path of this bot. */
  /** The bot's numeric id (the token's prefix): two adapters with the same one are the same bot. */
  get bot(): number {
    return this.botId;
  }

  get webhookPath(): string {
    return `/webhooks/telegram/${this.account === 'default' ? this.tenant : `${this.tenant}/${this.account}`}`;
  }

  /** The bot's username (after `start`). */
  get username(): string | undefined {
    return this.api.initialized ? this.api.me.username : undefined;
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
      const bot = this.api.me.username;
      // Every process starts the bot; only the lease holder polls (Telegram answers two pollers with 409).
      // Keyed by the bot id, never the token; the runtime prefixes the channel.
      const ttlMs = this.options.pollingLease?.ttlMs ?? 30_000;
      this.keeper = new LeaseKeeper({
        leases: runtime.leases,
        key: `polling:${this.botId}`,
        ttlMs,
        ...(this.options.pollingLease?.renewMs ? { renewMs: this.options.pollingLease.renewMs } : {}),
        ...(this.options.pollingLease?.retryMs ? { retryMs: this.options.pollingLease.retryMs } : {}),
        signals: runtime.signals,
        log: runtime.log,
        onAcquired: () => {
          polling.start();
          runtime.log.info({ bot }, 'telegram polling started');
        },
        // Lost: stop at once and confirm nothing (the new holder polls now). Stop: confirm the last batch,
        // then the keeper releases the lease, so the next holder starts after it.
        onReleased: async (reason) => {
          await polling.stop({ confirm: reason === 'stop' });
          runtime.log.info({ bot, reason }, 'telegram polling stopped');
        },
      });
      await this.keeper.start();
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
      tenant: this.tenant, account: this.account, botId: this.botId, fetchFile: (fileId, signal) => this.download(fileId, signal),
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
    const checked = this.checkAttachment(message.attachment);
    if (checked) return checked;
    try {
      return delivery.delivered(await this.render(ref.chatId, message, signal));
    } catch (error) {
      const verdict = classifyTelegramError(error);
      if (verdict.kind === 'result') return this.logged(verdict.result, message);
      // The group became a supergroup: tell the engine (it updates the identity) and follow once.
      const to: ConversationRef = { ...ref, chatId: String(verdict.toChatId) };
      this.runtime?.deliver({ type: 'event', kind: 'recipient-moved', id: `moved:${ref.chatId}:${to.chatId}`, ref, to, raw: null })
        .catch((e: unknown) => this.runtime?.log.warn({ err: e }, 'recipient-moved not recorded'));
      try {
        return delivery.delivered(await this.render(to.chatId, message, signal));
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

  /** Sends (or edits) and returns the id of the message carrying the buttons, else the last one sent. */
  private async render(chatId: string, message: OutboundMessage, signal?: AbortSignal): Promise<string> {
    let text: FormattedText = message.text ?? [];
    let choices = message.choices ?? [];
    if (choices.length > 0 && !choicesFit(this.capabilities, choices)) {
      text = numberedChoices(text, choices, '');
      choices = [];
    }
    const encoded = new Map<string, string>();
    for (const choice of choices) encoded.set(choice.payload, await this.callbackData.encode(choice.payload));
    const keyboard = inlineKeyboard(choices, message.links ?? [], (payload) => encoded.get(payload) ?? payload);
    const locationMarkup = message.requestLocation ? locationKeyboard(message.requestLocation.label) : undefined;
    // Only the first message of a broadcast reports 429 at once; once a part is out, the rest may wait.
    let interactive = !message.bulk;
    const call = async <T>(method: string, payload: Record<string, unknown>): Promise<T> => {
      const result = await this.api.call<T>(method, payload, { interactive, ...(signal ? { signal } : {}) });
      interactive = true;
      return result;
    };

    if (message.replaceMessageId && !message.attachment && !locationMarkup) {
      const edited = await this.edit(chatId, message.replaceMessageId, text, keyboard, call);
      if (edited) return edited;
    }

    type Step = (markup: Markup | undefined) => Promise<Message>;
    const steps: Step[] = [];
    let textParts = textLength(text) > 0 ? splitText(text, this.capabilities.maxTextLength) : [];
    if (message.attachment) {
      const attachment = message.attachment;
      let caption: FormattedText = attachment.caption ?? [];
      if (caption.length === 0 && textParts.length === 1 && textLength(text) <= this.capabilities.maxCaptionLength) {
        caption = text; // a notice's text rides on its image: one message, not two
        textParts = [];
      }
      const [short, rest] = splitCaption(caption, this.capabilities.maxCaptionLength);
      textParts = [...(textLength(rest) > 0 ? splitText(rest, this.capabilities.maxTextLength) : []), ...textParts];
      steps.push((markup) => this.sendMedia(chatId, attachment, short, markup, call));
    }
    for (const part of textParts) {
      steps.push((markup) => call<Message>('sendMessage', { chat_id: chatId, text: toTelegramHtml(part), parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(markup ? { reply_markup: markup } : {}) }));
    }
    if (keyboard && locationMarkup) {
      // One message carries one kind of keyboard: the location request gets its own short message.
      steps.push((markup) => call<Message>('sendMessage', { chat_id: chatId, text: message.requestLocation!.label, reply_markup: markup }));
    }
    if (steps.length === 0) throw new Error('OutboundMessage has neither text nor attachment: nothing to send');
    let carrier: Message | undefined;
    let last: Message | undefined;
    for (const [index, step] of steps.entries()) {
      const isLast = index === steps.length - 1;
      const isKeyboardCarrier = keyboard && (locationMarkup ? index === steps.length - 2 : isLast);
      const markup = isKeyboardCarrier ? keyboard : isLast ? locationMarkup : undefined;
      last = await step(markup);
      if (isKeyboardCarrier) carrier = last;
    }
    return String((carrier ?? last!).message_id);
  }

  /** Edits in place; undefined when the message cannot be edited (then a new one is sent). */
  private async edit(
    chatId: string,
    messageId: string,
    text: FormattedText,
    keyboard: InlineKeyboardMarkup | undefined,
    call: <T>(method: string, payload: Record<string, unknown>) => Promise<T>,
  ): Promise<string | undefined> {
    const parts = textLength(text) > 0 ? splitText(text, this.capabilities.maxTextLength) : [];
    if (parts.length > 1) return undefined;
    try {
      if (parts.length === 1) {
        await call('editMessageText', {
          chat_id: chatId, message_id: Number(messageId), text: toTelegramHtml(parts[0]!), parse_mode: 'HTML',
          link_preview_options: { is_disabled: true }, ...(keyboard ? { reply_markup: keyboard } : {}),
        });
      } else {
        await call('editMessageReplyMarkup', { chat_id: chatId, message_id: Number(messageId), reply_markup: keyboard ?? { inline_keyboard: [] } });
      }
      return messageId;
    } catch (error) {
      if (isNotModified(error)) return messageId;
      if (isEditImpossible(error)) return undefined;
      throw error;
    }
  }

  private sendMedia(
    chatId: string,
    attachment: OutboundAttachment,
    caption: FormattedText,
    markup: Markup | undefined,
    call: <T>(method: string, payload: Record<string, unknown>) => Promise<T>,
  ): Promise<Message> {
    const [method, field] = attachment.kind === 'image' ? (['sendPhoto', 'photo'] as const) : (['sendDocument', 'document'] as const);
    const base = {
      chat_id: chatId,
      ...(textLength(caption) > 0 ? { caption: toTelegramHtml(caption), parse_mode: 'HTML' } : {}),
      ...(markup ? { reply_markup: markup } : {}),
    };
    const media = attachment.media;
    return this.fileIds.send(
      `${attachment.kind}:${media.id}`,
      (fileId) => call<Message>(method, { ...base, [field]: fileId }),
      async () => call<Message>(method, { ...base, [field]: new InputFile(await media.read(), media.fileName) }),
      (sent) => (field === 'photo' ? sent.photo?.at(-1)?.file_id : sent.document?.file_id),
    );
  }

  private checkAttachment(attachment: OutboundAttachment | undefined): DeliveryResult | undefined {
    if (!attachment) return undefined;
    const limit = this.capabilities.media[attachment.kind];
    if (limit && attachment.media.size > limit.maxBytes) {
      return delivery.permanent(`${attachment.media.fileName} is ${attachment.media.size} bytes; Telegram bots send ${attachment.kind}s up to ${limit.maxBytes} bytes: make it smaller${attachment.kind === 'image' ? ' or send it as a document' : ''}`);
    }
    return undefined;
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

  /** getFile, then the download (≤ 20 MB, Telegram's limit for bots). */
  private async download(fileId: string, signal?: AbortSignal): Promise<Uint8Array> {
    const file = await this.api.direct<{ file_path?: string; file_size?: number }>('getFile', { file_id: fileId }, signal);
    if (!file.file_path) throw new Error('Telegram returned no file_path: the file is no longer available; ask the person to send it again.');
    if ((file.file_size ?? 0) > MAX_DOWNLOAD_BYTES) throw new Error(`The file is larger than ${MAX_DOWNLOAD_BYTES} bytes, the most Telegram lets bots download.`);
    const root = this.options.apiRoot ?? 'https://api.telegram.org';
    const response = await fetch(`${root}/file/bot${this.options.token}/${file.file_path}`, signal ? { signal } : {});
    // The URL holds the token: only the status is reported.
    if (!response.ok) throw new Error(`Telegram file download failed with HTTP ${response.status}; try again later.`);
    return new Uint8Array(await response.arrayBuffer());
  }

  private track<T>(promise: Promise<T>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }

  // --- deep links, QR codes, posters ------------------------------------------------------------------

  /**
   * GET routes for notice boards: the deep-link QR code as PNG or SVG and the A4 poster (HTML or SVG).
   * `?start=<payload>` (e.g. `cat_eventi`) links to a category; `?label=` prints its name on the poster.
   * The admin API may later mount them behind its auth; they read nothing but the bot's username.
   */
  private publicRoutes(base: string): HttpRoute[] {
    const prepare = (query: Readonly<Record<string, string | undefined>>) => {
      if (!this.username) return { error: { status: 503, body: { error: 'the bot has not started yet (getMe)' } } } as const;
      const payload = query.start;
      if (payload !== undefined && payload !== '' && !START_PAYLOAD.test(payload)) {
        return { error: { status: 400, body: { error: 'start must be 1–64 characters of A-Z a-z 0-9 _ -' } } } as const;
      }
      return { url: deepLink(this.username, payload), username: this.username } as const;
    };
    const poster = (query: Readonly<Record<string, string | undefined>>, url: string, username: string) => ({
      comune: this.options.displayName ?? this.api.me.first_name,
      url,
      botUsername: username,
      ...(query.label ? { category: query.label.slice(0, 60) } : {}),
    });
    const route = (path: string, render: (url: string, username: string, query: Readonly<Record<string, string | undefined>>) => Promise<{ type: string; body: string | Uint8Array }>): HttpRoute => ({
      method: 'GET',
      path,
      async handle(request) {
        const prepared = prepare(request.query);
        if ('error' in prepared) return { response: prepared.error!, events: [] };
        const { type, body } = await render(prepared.url, prepared.username, request.query);
        return { response: { status: 200, body, headers: { 'content-type': type, 'cache-control': 'public, max-age=300' } }, events: [] };
      },
    });
    return [
      route(`/qr/telegram/${base}.png`, async (url) => ({ type: 'image/png', body: await qrPng(url) })),
      route(`/qr/telegram/${base}.svg`, async (url) => ({ type: 'image/svg+xml', body: await qrSvg(url) })),
      route(`/poster/telegram/${base}`, async (url, username, query) => ({ type: 'text/html; charset=utf-8', body: posterHtml(poster(query, url, username)) })),
      route(`/poster/telegram/${base}.svg`, async (url, username, query) => ({ type: 'image/svg+xml', body: posterSvg(poster(query, url, username)) })),
    ];
  }
}

/**
 * Telegram's limits as capabilities: 4096-character texts, 1024-character captions, photos ≤ 10 MB and
 * documents ≤ 50 MB outbound, downloads ≤ 20 MB inbound; ~30 messages/s per bot (configurable), 1/s per
 * chat, 20/min per group. The outbox paces broadcasts from `rateLimits`; the adapter adds no limiter.
 */
export function telegramCapabilities(ratePerSecond = 30): ChannelCapabilities {
  const inbound = { maxBytes: MAX_DOWNLOAD_BYTES, mimeTypes: [] as string[] };
  return {
    maxTextLength: 4096,
    maxCaptionLength: 1024,
    maxChoiceButtons: 50,
    maxButtonLabel: MAX_BUTTON_LABEL,
    list: null,
    linkButtons: true,
    locationRequest: true,
    edit: true,
    delete: true,
    media: {
      image: { maxBytes: 10 * 1024 * 1024, mimeTypes: ['image/jpeg', 'image/png', 'image/webp'] },
      document: { maxBytes: 50 * 1024 * 1024, mimeTypes: [] },
    },
    inboundMedia: { photo: inbound, video: inbound, audio: inbound, document: inbound },
    canInitiate: false,
    replyWindowHours: null,
    rateLimits: {
      perAccount: { count: ratePerSecond, perMs: 1000 },
      perChat: { count: 1, perMs: 1000 },
      perGroup: { count: 20, perMs: 60_000 },
    },
  };
}

/**
 * A caption too long for the media: the first line (a notice's title) stays as a short caption and the
 * rest follows as text. Without a short enough first line, the media goes without caption.
 */
export function splitCaption(caption: FormattedText, max: number): [FormattedText, FormattedText] {
  if (textLength(caption) <= max) return [caption, []];
  const plainText = toPlainText(caption);
  const newline = plainText.indexOf('\n');
  if (newline <= 0 || newline > max) return [[], caption];
  return [slice(caption, 0, newline), trimStart(slice(caption, newline, plainText.length))];
}

function slice(text: FormattedText, start: number, end: number): FormattedText {
  const out: TextSpan[] = [];
  let at = 0;
  for (const span of text) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + span.text.length);
    if (to > from) out.push({ ...span, text: span.text.slice(from - at, to - at) });
    at += span.text.length;
  }
  return out;
}

function trimStart(text: FormattedText): FormattedText {
  const out = [...text];
  while (out.length > 0 && out[0]!.text.trimStart() === '') out.shift();
  if (out[0]) out[0] = { ...out[0], text: out[0].text.trimStart() };
  return out;
}
