import {
  defaultChannelTexts, delivery, memoryStorage, replyWindowOpen,
  type AdapterLogger, type AdapterMedia, type AdapterRuntime, type ChannelAdapter, type ConversationRef, type DeliveryResult,
  type HttpReceipt, type HttpRequest, type HttpRoute, type OutboundAttachment, type OutboundMessage, type SendContext, type StateStorage, type Transformer,
} from 'campanile';
import { deliveryResultOf } from './errors.js';
import { attachmentMessage, toMessenger } from './mapping.js';
import { MessengerApi, type MessengerCall, type MessengerResult } from './messenger-api.js';
import { messengerCapabilities } from './messenger-capabilities.js';
import { receiveWebhook, verifyHandshake } from './webhook.js';

/** Options of one Facebook page. Secrets never reach logs. */
export interface MessengerAdapterOptions {
  /** The page's id (`MESSENGER_PAGE_ID`): the Send API posts to `/{page-id}/messages`. */
  readonly pageId: string;
  /** A page access token with `pages_messaging` (`MESSENGER_PAGE_TOKEN`). */
  readonly pageAccessToken: string;
  /** The Meta app's secret (`MESSENGER_APP_SECRET`): webhook POSTs are signed with it. */
  readonly appSecret: string;
  /** The token typed into the app's webhook settings (`MESSENGER_VERIFY_TOKEN`). */
  readonly verifyToken: string;
  /** The tenant (comune) the page belongs to. */
  readonly tenant: string;
  /** Account name within the tenant (default `default`). */
  readonly account?: string;
  /** Versioned Graph API base (`MESSENGER_API_ROOT`, default `DEFAULT_API_ROOT`). */
  readonly apiRoot?: string;
  /** Webhook path (default `/webhooks/messenger/<tenant>`). */
  readonly webhookPath?: string;
  /** Transformers around every Graph API call (metrics, recording, throttling). */
  readonly transformers?: readonly Transformer<MessengerCall, MessengerResult>[];
  /** Clock (tests). */
  readonly now?: () => Date;
}

/** The message tags Meta permits outside the 24-hour window (Messenger Platform "Message tags"). */
export type MessageTag = 'CONFIRMED_EVENT_UPDATE' | 'POST_PURCHASE_UPDATE' | 'ACCOUNT_UPDATE' | 'HUMAN_AGENT';

/**
 * The tag a message may carry outside the window, or undefined: then it is not sent ('window-closed').
 * Honestly none today: a civic notice is not a reminder of an event the person registered for
 * (CONFIRMED_EVENT_UPDATE), a purchase (POST_PURCHASE_UPDATE) nor a change to their account
 * (ACCOUNT_UPDATE), and Meta reviews tag use and restricts pages that stretch them. HUMAN_AGENT (a
 * person's reply within 7 days) would fit an operator's handoff answer, but `OutboundMessage` does not
 * say that a human wrote it; when it does, this is the one place to return it.
 *
 * @example
 * permittedTag({ text: plain('Strada chiusa') }); // undefined
 */
export function permittedTag(message: OutboundMessage): MessageTag | undefined {
  void message;
  return undefined;
}

/**
 * The Messenger channel: signed webhooks in, Send API calls out, the 24-hour window, button templates
 * and quick replies, attachments uploaded once per page. Plain `fetch`, no SDK.
 *
 * @example
 * const messenger = new MessengerAdapter({ tenant: 'esempio', pageId, pageAccessToken, appSecret, verifyToken });
 * await messenger.send(ref, { text: plain('Ciao') }, undefined, { lastInboundAt });
 */
export class MessengerAdapter implements ChannelAdapter {
  readonly channel = 'messenger';
  readonly account: string;
  readonly capabilities = messengerCapabilities;
  readonly routes: readonly HttpRoute[];
  readonly api: MessengerApi;
  private log: AdapterLogger | undefined;
  private keeper: AdapterMedia | undefined;
  /** Attachment ids by `MediaSource.id` (a content hash): a broadcast's image is uploaded once. */
  private storage: StateStorage = memoryStorage();
  private readonly uploads = new Map<string, Promise<string>>();

  constructor(private readonly options: MessengerAdapterOptions) {
    for (const [name, env] of [['pageId', 'MESSENGER_PAGE_ID'], ['pageAccessToken', 'MESSENGER_PAGE_TOKEN'], ['appSecret', 'MESSENGER_APP_SECRET'], ['verifyToken', 'MESSENGER_VERIFY_TOKEN'], ['tenant', 'the tenant']] as const) {
      if (!options[name]) throw new Error(`MessengerAdapter: option "${name}" is missing: set ${env} (see the README of @campanile/adapter-messenger).`);
    }
    this.account = options.account ?? 'default';
    this.api = new MessengerApi({
      pageAccessToken: options.pageAccessToken, pageId: options.pageId,
      ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
      ...(options.transformers ? { transformers: options.transformers } : {}),
    });
    const path = options.webhookPath ?? `/webhooks/messenger/${options.tenant}`;
    this.routes = [
      { method: 'GET', path, handle: async (request) => this.verifyHandshake(request) },
      { method: 'POST', path, bodyLimit: 1024 * 1024, handle: async (request) => this.receive(request) },
    ];
  }

  /** The page's id: two adapters with the same one are the same page. */
  get pageId(): string {
    return this.options.pageId;
  }

  async start(runtime: AdapterRuntime): Promise<void> {
    this.log = runtime.log;
    this.keeper = runtime.media;
    this.storage = runtime.storage;
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.uploads.values());
  }

  /** GET handshake when the webhook is configured in the Meta app. */
  verifyHandshake(request: HttpRequest): HttpReceipt {
    return verifyHandshake(request, this.options.verifyToken);
  }

  /** POST: verified on the raw bytes, mapped, inbound attachments copied at once. */
  receive(request: HttpRequest): HttpReceipt {
    return receiveWebhook(request, {
      appSecret: this.options.appSecret, pageId: this.options.pageId, tenant: this.options.tenant, account: this.account,
      fetchUrl: (url, signal) => this.api.download(url, signal), log: this.log, keeper: this.keeper,
    });
  }

  /**
   * Sends one message. Inside the 24-hour window (or when the caller does not know: Meta then decides,
   * 10/2018278 → 'window-closed') it goes as `RESPONSE`; outside it only with a permitted tag, which no
   * Campanile message has today (see `permittedTag`): 'window-closed', and nothing reaches Meta.
   */
  /** Reads the page the access token belongs to: a wrong or expired token is refused, another page's is named. */
  async checkConnection(signal?: AbortSignal): Promise<{ readonly ok: true; readonly identity: string } | { readonly ok: false; readonly problem: string }> {
    try {
      const page = await this.api.page(signal);
      if (page.id !== this.pageId) return { ok: false, problem: `the page access token belongs to page ${page.id} (${page.name}), not to page ${this.pageId}` };
      return { ok: true, identity: page.name || page.id };
    } catch (error) {
      return { ok: false, problem: error instanceof Error ? error.message : String(error) };
    }
  }

  async send(ref: ConversationRef, message: OutboundMessage, signal?: AbortSignal, context?: SendContext): Promise<DeliveryResult> {
    const open = replyWindowOpen(this.capabilities.replyWindowHours, context?.lastInboundAt, this.options.now?.() ?? new Date());
    const tag = open === false ? permittedTag(message) : undefined;
    if (open === false && !tag) return delivery.windowClosed();
    const attachment = message.attachment;
    if (attachment) {
      const limit = this.capabilities.media[attachment.kind];
      if (!limit || attachment.media.size > limit.maxBytes) {
        return delivery.permanent(`messenger takes ${attachment.kind} files up to ${limit?.maxBytes ?? 0} bytes; this one has ${attachment.media.size}: send a smaller file or a link`);
      }
      if (!limit.mimeTypes.includes(attachment.media.mimeType)) return delivery.permanent(`messenger does not take ${attachment.media.mimeType} as ${attachment.kind}: use one of ${limit.mimeTypes.join(', ')}`);
    }
    const envelope = { recipient: { id: ref.chatId }, ...(tag ? { messaging_type: 'MESSAGE_TAG', tag } : { messaging_type: 'RESPONSE' }) };
    let last = '';
    try {
      for (const part of toMessenger(message, context?.texts ?? defaultChannelTexts())) {
        const body = part.kind === 'message' ? part.message : attachmentMessage(part.attachment.kind, await this.attachmentId(part.attachment, signal));
        last = (await this.api.sendMessage({ ...envelope, message: body }, signal)).messageId;
      }
    } catch (error) {
      return deliveryResultOf(error);
    }
    return delivery.delivered(last);
  }

  /** The page's attachment id for a stored file: kept, else uploaded once (concurrent sends share it). */
  private async attachmentId(attachment: OutboundAttachment, signal?: AbortSignal): Promise<string> {
    const source = attachment.media;
    const key = `attachment:${source.id}`.slice(0, 200);
    const kept = await this.storage.read<string>(key).catch(() => undefined);
    if (typeof kept === 'string') return kept;
    let upload = this.uploads.get(source.id);
    if (!upload) {
      upload = (async () => {
        const id = await this.api.uploadAttachment(attachment.kind === 'image' ? 'image' : 'file', await source.read(), source.mimeType, source.fileName, signal);
        // A lost write only costs one more upload later: never fail a send over it.
        await this.storage.write(key, id).catch(() => undefined);
        return id;
      })().finally(() => this.uploads.delete(source.id));
      this.uploads.set(source.id, upload);
    }
    return upload;
  }
}
