import {
  delivery, replyWindowOpen,
  type AdapterLogger, type AdapterRuntime, type ChannelAdapter, type ChannelCapabilities, type ConversationRef, type DeliveryResult,
  type AdapterMedia, type HttpRequest, type HttpReceipt, type HttpRoute, type OutboundAttachment,
  type OutboundMessage, type SendContext, type Transformer,
} from '../../core/index.js';
import { deliveryResultOf, WhatsAppApiError } from './errors.js';
import { DEFAULT_RENDER_TEXTS, mediaBody, templateBody, toWhatsApp, type RenderTexts } from './mapping.js';
import { MediaIdCache } from './media-cache.js';
import { RecipientBudget } from './recipient-budget.js';
import { receiveWebhook, servesTenant, verifyHandshake } from './webhook.js';
import { WhatsAppApi, type GraphCall, type GraphResult } from './whatsapp-api.js';

/** Hours after the person's last message in which free-form messages are allowed. */
export const WHATSAPP_REPLY_WINDOW_HOURS = 24;

/** Options of one WhatsApp business number. Secrets never reach logs. */
export interface WhatsAppAdapterOptions {
  /** System-user access token (`WHATSAPP_TOKEN`). */
  readonly token: string;
  /** The business number's id in the Cloud API (`WHATSAPP_PHONE_NUMBER_ID`), not the phone number. */
  readonly phoneNumberId: string;
  /** The Meta app's secret (`WHATSAPP_APP_SECRET`): webhook POSTs are signed with it. */
  readonly appSecret: string;
  /** The token typed into the app's webhook settings (`WHATSAPP_VERIFY_TOKEN`). */
  readonly verifyToken: string;
  /** Versioned Graph API base (`WHATSAPP_API_ROOT`, default `https://graph.facebook.com/v26.0`). */
  readonly apiRoot?: string;
  /** Account name within the tenant (default `default`). */
  readonly account?: string;
  /**
   * The number people write to, international digits only (`393331234567`, `WHATSAPP_DISPLAY_NUMBER`):
   * the join page's `wa.me` link. Without it the number has no join link.
   */
  readonly displayNumber?: string;
  /** Tenant slug this number belongs to; when set, webhooks for another `:tenant` get 404. */
  readonly tenant?: string;
  /** Webhook path (default `/webhooks/whatsapp/:tenant`); give a second number of one tenant its own. */
  readonly webhookPath?: string;
  /** Throughput of the number, messages per second (default 80; Meta can raise it to 1000). */
  readonly messagesPerSecond?: number;
  /** Unique people per rolling 24 h outside the window (the messaging tier, default 250). */
  readonly dailyRecipients?: number;
  /**
   * A budget with its own limit, clock or store (tests). By default the adapter builds one from
   * `dailyRecipients`, and `start` keeps its count in the runtime's `recipientQuota` (the database).
   */
  readonly budget?: RecipientBudget;
  /** Texts for list buttons and numbered fallbacks (default Italian). */
  readonly texts?: Partial<RenderTexts>;
  /** Transformers around every Graph API call (metrics, recording, throttling). */
  readonly transformers?: readonly Transformer<GraphCall, GraphResult>[];
  /** Per-call timeout in ms (default 15 000). */
  readonly timeoutMs?: number;
  /** Clock (tests). */
  readonly now?: () => Date;
}

/**
 * The WhatsApp Cloud API channel: signed webhooks in, Graph API calls out, the 24-hour window and
 * templates, interactive buttons and lists, media uploaded once per account. Plain `fetch`, no SDK.
 *
 * @example
 * const whatsapp = new WhatsAppAdapter({ token, phoneNumberId, appSecret, verifyToken });
 * const app = await createCampanile({ …, adapters: [{ adapter: whatsapp }] }); // mounts /webhooks/whatsapp/:tenant
 * await whatsapp.send(ref, { text: plain('Ciao') }, undefined, { lastInboundAt });
 */
export class WhatsAppAdapter implements ChannelAdapter {
  readonly channel = 'whatsapp';
  readonly account: string;
  readonly capabilities: ChannelCapabilities;
  readonly routes: readonly HttpRoute[];
  readonly api: WhatsAppApi;
  /** Unique recipients outside the window, consulted before every template. */
  readonly budget: RecipientBudget;
  private readonly media = new MediaIdCache();
  private readonly uploads = new Map<string, Promise<string>>();
  private readonly texts: RenderTexts;
  private log: AdapterLogger | undefined;
  /** Where inbound files are copied at once; set by `start` (before it, events keep the lazy download). */
  private keeper: AdapterMedia | undefined;

  constructor(private readonly options: WhatsAppAdapterOptions) {
    for (const [name, env] of [['token', 'WHATSAPP_TOKEN'], ['phoneNumberId', 'WHATSAPP_PHONE_NUMBER_ID'], ['appSecret', 'WHATSAPP_APP_SECRET'], ['verifyToken', 'WHATSAPP_VERIFY_TOKEN']] as const) {
      if (!options[name]) throw new Error(`WhatsAppAdapter: option "${name}" is missing: set ${env} (see adapters/whatsapp/README.md).`);
    }
    this.account = options.account ?? 'default';
    this.texts = { ...DEFAULT_RENDER_TEXTS, ...options.texts };
    this.budget = options.budget ?? new RecipientBudget({ limit: options.dailyRecipients ?? 250, now: () => this.clock().getTime() });
    this.api = new WhatsAppApi({
      token: options.token,
      phoneNumberId: options.phoneNumberId,
      ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
      ...(options.transformers ? { transformers: options.transformers } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    this.capabilities = whatsAppCapabilities(options.messagesPerSecond ?? 80);
    const path = options.webhookPath ?? '/webhooks/whatsapp/:tenant';
    this.routes = [
      { method: 'GET', path, handle: (request) => this.verifyHandshake(request) },
      { method: 'POST', path, bodyLimit: 3 * 1024 * 1024, handle: (request) => this.receive(request) },
    ];
  }

  /** `wa.me/<number>?text=<first message>`: the prefilled text carries the category keyword. */
  joinLink(request: Parameters<NonNullable<ChannelAdapter['joinLink']>>[0]): ReturnType<NonNullable<ChannelAdapter['joinLink']>> {
    const number = this.options.displayNumber?.replace(/\D/g, '');
    if (!number || (this.options.tenant && this.options.tenant !== request.tenant)) return undefined;
    return { url: `https://wa.me/${number}${request.text ? `?text=${encodeURIComponent(request.text)}` : ''}`, handle: `+${number}` };
  }

  /** The business number's id in the Cloud API: two adapters with the same one are the same number. */
  get phoneNumberId(): string {
    return this.options.phoneNumberId;
  }

  async start(runtime: AdapterRuntime): Promise<void> {
    this.log = runtime.log;
    this.keeper = runtime.media;
    this.media.useStorage(runtime.storage);
    // The daily budget is shared by every process sending for this number, and survives restarts.
    this.budget.useRuntimeQuota(runtime.recipientQuota);
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.uploads.values());
  }

  /** Reads the phone number with the account's token: a wrong token or number id is refused (190, 100). */
  async checkConnection(signal?: AbortSignal): Promise<{ readonly ok: true; readonly identity: string } | { readonly ok: false; readonly problem: string }> {
    try {
      const number = await this.api.phoneNumber(signal);
      return { ok: true, identity: number.verifiedName ? `${number.verifiedName} (${number.displayPhoneNumber})` : number.displayPhoneNumber };
    } catch (error) {
      return { ok: false, problem: error instanceof Error ? error.message : String(error) };
    }
  }

  /** GET handshake when the webhook is configured in the Meta app (see `webhook.ts`). */
  async verifyHandshake(request: HttpRequest): Promise<HttpReceipt> {
    if (!servesTenant(request, this.options.tenant)) return { response: { status: 404, body: 'unknown tenant' }, events: [] };
    return verifyHandshake(request, this.options.verifyToken);
  }

  /** POST: a signed webhook body, verified on the raw bytes, mapped, inbound media copied (see `webhook.ts`). */
  async receive(request: HttpRequest): Promise<HttpReceipt> {
    if (!servesTenant(request, this.options.tenant)) return { response: { status: 404, body: 'unknown tenant' }, events: [] };
    return receiveWebhook(request, {
      appSecret: this.options.appSecret, phoneNumberId: this.options.phoneNumberId, account: this.account, tenant: this.options.tenant,
      api: this.api, log: this.log, keeper: this.keeper,
    });
  }

  /**
   * Sends one message. Inside the 24-hour window (or when the caller does not know) the message goes
   * free-form; outside it only `message.template` may go (counted against the daily recipient budget),
   * else the result is 'window-closed'. If Meta answers 131047 and a template is given, the template
   * is sent instead.
   */
  async send(ref: ConversationRef, message: OutboundMessage, signal?: AbortSignal, context?: SendContext): Promise<DeliveryResult> {
    const now = this.clock();
    const open = replyWindowOpen(WHATSAPP_REPLY_WINDOW_HOURS, context?.lastInboundAt, now);
    if (open === false) return this.sendTemplate(ref, message, signal);
    // Refused before anything is read or uploaded: Meta would answer 131053 after the whole upload.
    const limit = message.attachment ? this.capabilities.media[message.attachment.kind] : undefined;
    if (message.attachment && limit && message.attachment.media.size > limit.maxBytes) {
      return delivery.permanent(`${message.attachment.media.fileName} is ${message.attachment.media.size} bytes; WhatsApp takes ${message.attachment.kind}s up to ${limit.maxBytes} bytes: make it smaller`);
    }
    try {
      let last: string | undefined;
      // The person's language when the caller knows it; the configured (Italian by default) words otherwise.
      for (const part of toWhatsApp(message, context?.texts ?? this.texts)) {
        const body = part.kind === 'body' ? part.body : await this.mediaPart(part.attachment, part.caption, signal);
        last = await this.post(ref, body, signal, part.kind === 'media' ? part.attachment : undefined);
      }
      return last ? delivery.delivered(last) : delivery.permanent('nothing to send: the message has no text, attachment or choices');
    } catch (error) {
      const result = deliveryResultOf(error);
      if (result.status === 'window-closed' && message.template) return this.sendTemplate(ref, message, signal);
      if (result.status !== 'delivered') this.log?.warn({ channel: this.channel, account: this.account, result }, 'whatsapp send refused');
      return result;
    }
  }

  private async sendTemplate(ref: ConversationRef, message: OutboundMessage, signal?: AbortSignal): Promise<DeliveryResult> {
    if (!message.template) return delivery.windowClosed();
    // Keyed by the phone number id: Meta counts per number, whichever tenant or account name uses it.
    let budget;
    try {
      budget = await this.budget.tryConsume(this.options.phoneNumberId, ref.chatId);
    } catch (error) {
      // The count could not be read (database down): better to retry than to overshoot the tier.
      this.log?.error({ err: error, channel: this.channel, account: this.account }, 'whatsapp daily budget unavailable');
      return delivery.transient('the daily recipient budget could not be checked (database unavailable)');
    }
    if (!budget.ok) {
      const waitMs = Math.max(1000, budget.retryAt - this.clock().getTime());
      // Chat-scoped: this person waits for the next window; people inside the window (and those already
      // counted today) keep receiving. No attempt is used up, and the reason is shown in the notice's stats.
      return delivery.rateLimited(waitMs, 'chat', `whatsapp daily budget of ${this.budget.limit} unique recipients outside the 24-hour window reached (messaging tier)`);
    }
    try {
      return delivery.delivered(await this.post(ref, templateBody(message.template), signal));
    } catch (error) {
      return deliveryResultOf(error);
    }
  }

  /** Adds the product and recipient fields and posts; returns the wamid. */
  private async post(ref: ConversationRef, body: Readonly<Record<string, unknown>>, signal?: AbortSignal, attachment?: OutboundAttachment): Promise<string> {
    const full = { messaging_product: 'whatsapp', recipient_type: 'individual', ...recipientOf(ref), ...body };
    try {
      return (await this.api.sendMessage(full, signal)).messageId;
    } catch (error) {
      // A cached media id Meta no longer knows (deleted or older than 30 days): upload again, once.
      if (attachment && error instanceof WhatsAppApiError && (error.code === 131053 || (error.code === 100 && /media|id/i.test(`${error.graphMessage} ${error.details ?? ''}`)))) {
        await this.media.forget(attachment.media.id);
        const kind = attachment.kind;
        const object = (body as Record<string, Record<string, unknown>>)[kind] ?? {};
        const fresh = mediaBody(kind, await this.mediaId(attachment, signal), object.caption as string | undefined, attachment.media.fileName);
        return (await this.api.sendMessage({ messaging_product: 'whatsapp', recipient_type: 'individual', ...recipientOf(ref), ...fresh }, signal)).messageId;
      }
      throw error;
    }
  }

  private async mediaPart(attachment: OutboundAttachment, caption: string | undefined, signal?: AbortSignal): Promise<Record<string, unknown>> {
    return mediaBody(attachment.kind, await this.mediaId(attachment, signal), caption, attachment.media.fileName);
  }

  /** The account's media id for a stored file: cached, else uploaded once (concurrent sends share it). */
  private async mediaId(attachment: OutboundAttachment, signal?: AbortSignal): Promise<string> {
    const source = attachment.media;
    const cached = await this.media.get(source.id);
    if (cached) return cached;
    let upload = this.uploads.get(source.id);
    if (!upload) {
      upload = (async () => {
        const id = await this.api.uploadMedia(await source.read(), source.mimeType, source.fileName, signal);
        await this.media.set(source.id, id);
        return id;
      })().finally(() => this.uploads.delete(source.id));
      this.uploads.set(source.id, upload);
    }
    return upload;
  }

  private clock(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/** `to` for a WhatsApp id (phone), `recipient` for a business-scoped user id. */
export function recipientOf(ref: ConversationRef): { to: string } | { recipient: string } {
  const kind = ref.extra?.recipient ?? (/^\+?\d+$/.test(ref.chatId) ? 'wa_id' : 'bsuid');
  return kind === 'bsuid' ? { recipient: ref.chatId } : { to: ref.chatId };
}

/** What WhatsApp can do (Meta's limits as of 2026). */
export function whatsAppCapabilities(messagesPerSecond = 80): ChannelCapabilities {
  return {
    maxTextLength: 4096,
    maxCaptionLength: 1024,
    maxChoiceButtons: 3,
    maxButtonLabel: 20,
    list: { maxRows: 10, maxRowTitle: 24 },
    linkButtons: true,
    locationRequest: true,
    edit: false,
    delete: false,
    media: {
      image: { maxBytes: 5 * 1024 * 1024, mimeTypes: ['image/jpeg', 'image/png'] },
      document: { maxBytes: 100 * 1024 * 1024, mimeTypes: ['application/pdf', 'text/plain', 'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'] },
    },
    inboundMedia: {
      photo: { maxBytes: 5 * 1024 * 1024, mimeTypes: ['image/jpeg', 'image/png', 'image/webp'] },
      video: { maxBytes: 16 * 1024 * 1024, mimeTypes: ['video/mp4', 'video/3gpp'] },
      audio: { maxBytes: 16 * 1024 * 1024, mimeTypes: ['audio/ogg', 'audio/mpeg', 'audio/aac', 'audio/mp4', 'audio/amr'] },
      document: { maxBytes: 100 * 1024 * 1024, mimeTypes: ['application/pdf'] },
    },
    // Only through an approved template (see `WhatsAppAdapter.send`).
    canInitiate: true,
    replyWindowHours: WHATSAPP_REPLY_WINDOW_HOURS,
    rateLimits: {
      perAccount: { count: messagesPerSecond, perMs: 1000 },
      // Meta's pair rate: about one message every 6 seconds to the same person, a burst paid back with
      // silence (131056 beyond). 4 per 24 s is that rate with room for one turn's replies at once.
      perChat: { count: 4, perMs: 24_000 },
    },
  };
}

