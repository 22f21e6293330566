import {
  choicesFit, defaultChannelTexts, delivery, numberedChoices, parseCommandText, splitText, textLength, type AdapterRuntime, type ChannelAdapter, type ChannelCapabilities, type ConversationRef,
  type DeliveryResult, type InboundMessage, type OutboundMessage, type SendContext,
} from '../../core/index.js';

/** Options of the in-memory test channel. */
export interface MemoryAdapterOptions {
  /** Account name (default `default`). */
  readonly account?: string;
  /** Override capabilities to exercise fallbacks (e.g. `maxChoiceButtons: 0`). */
  readonly capabilities?: Partial<ChannelCapabilities>;
}

/** One message the adapter "sent". */
export interface SentMessage {
  readonly ref: ConversationRef;
  readonly message: OutboundMessage;
  readonly messageId: string;
  /** `performance.now()` when the send happened (rate tests check every sliding window). */
  readonly at: number;
  /** What the caller told the adapter about the recipient (reply window, texts in their language). */
  readonly context?: SendContext;
}

const DEFAULT_CAPABILITIES: ChannelCapabilities = {
  maxTextLength: 4096,
  maxCaptionLength: 1024,
  maxChoiceButtons: 12,
  maxButtonLabel: 64,
  list: null,
  linkButtons: true,
  locationRequest: true,
  edit: true,
  delete: true,
  media: {
    image: { maxBytes: 10 * 1024 * 1024, mimeTypes: ['image/jpeg', 'image/png', 'image/webp'] },
    document: { maxBytes: 20 * 1024 * 1024, mimeTypes: ['application/pdf'] },
  },
  inboundMedia: {
    photo: { maxBytes: 20 * 1024 * 1024, mimeTypes: ['image/jpeg', 'image/png'] },
    video: { maxBytes: 20 * 1024 * 1024, mimeTypes: ['video/mp4'] },
  },
  canInitiate: true,
  replyWindowHours: null,
  rateLimits: { perAccount: { count: 1000, perMs: 1000 }, perChat: { count: 100, perMs: 1000 } },
};

/**
 * The in-memory channel: tests drive whole conversations through the real engine and storage with it,
 * and read what the bot answered. It serves every tenant; the conversation's tenant is given per call.
 *
 * @example
 * const memory = new MemoryAdapter();
 * const replies = await memory.say('esempio', '42', '/start');
 * replies[0]?.text; // the welcome
 */
export class MemoryAdapter implements ChannelAdapter {
  readonly channel = 'memory';
  readonly account: string;
  readonly capabilities: ChannelCapabilities;
  /** Everything sent, in order. */
  readonly sent: SentMessage[] = [];
  private runtime: AdapterRuntime | undefined;
  private nextId = 1;
  private readonly scripted = new Map<string, DeliveryResult[]>();
  /** Media ids uploaded to this account, in order: each stored file is uploaded once and then reused (like Telegram's `file_id`). */
  readonly uploads: string[] = [];
  private readonly uploaded = new Set<string>();
  /** Called on every send before anything else (tests observe or fail sends). */
  onSend: ((ref: ConversationRef, message: OutboundMessage) => DeliveryResult | undefined) | undefined;

  constructor(options: MemoryAdapterOptions = {}) {
    this.account = options.account ?? 'default';
    this.capabilities = { ...DEFAULT_CAPABILITIES, ...options.capabilities };
  }

  async start(runtime: AdapterRuntime): Promise<void> {
    this.runtime = runtime;
  }

  async stop(): Promise<void> {
    this.runtime = undefined;
  }

  async send(ref: ConversationRef, message: OutboundMessage, _signal?: AbortSignal, context?: SendContext): Promise<DeliveryResult> {
    const at = performance.now();
    const hooked = this.onSend?.(ref, message);
    if (hooked) return hooked;
    const queued = this.scripted.get(ref.chatId)?.shift();
    if (queued && queued.status !== 'delivered') return queued;
    const media = message.attachment?.media;
    // Within the declared limits like a real channel: an oversize file is refused before it is read.
    const limit = message.attachment ? this.capabilities.media[message.attachment.kind] : undefined;
    if (media && limit && media.size > limit.maxBytes) return delivery.permanent(`${media.fileName} is ${media.size} bytes; this channel takes up to ${limit.maxBytes}`);
    if (media && !this.uploaded.has(media.id)) {
      // Upload once per account; later sends reuse the handle (the MediaSource id is the content hash).
      this.uploaded.add(media.id);
      this.uploads.push(media.id);
      await media.read();
    }
    let messageId = '';
    for (const part of this.withinLimits(message, context)) {
      messageId = part.replaceMessageId ?? `out-${this.nextId++}`;
      this.sent.push({ ref, message: part, messageId, at, ...(context ? { context } : {}) });
    }
    return { status: 'delivered', messageId };
  }

  /**
   * The message as the channel shows it, in one or more parts: as given while it fits (what the engine's
   * tests read), else with core's fallbacks — choices beyond the button limit as a numbered list, text
   * beyond the length limit split, the choices and the attachment on the last part.
   */
  private withinLimits(message: OutboundMessage, context?: SendContext): OutboundMessage[] {
    const choices = message.choices ?? [];
    let rendered = message;
    if (choices.length && !choicesFit(this.capabilities, choices)) {
      const { choices: _dropped, ...rest } = message;
      rendered = { ...rest, text: numberedChoices(message.text, choices, context?.texts?.numberedHint ?? defaultChannelTexts().numberedHint) };
    }
    const max = this.capabilities.maxTextLength;
    if (!rendered.text || textLength(rendered.text) <= max) return [rendered];
    const parts = splitText(rendered.text, max);
    return parts.map((text, index) => (index === parts.length - 1 ? { ...rendered, text } : { text }));
  }

  /** Makes the next sends to `chatId` return these results (e.g. `{ status: 'recipient-gone', reason: 'blocked' }`). */
  scriptResults(chatId: string, ...results: DeliveryResult[]): void {
    this.scripted.set(chatId, [...(this.scripted.get(chatId) ?? []), ...results]);
  }

  /** The conversation reference of a chat. */
  ref(tenant: string, chatId: string): ConversationRef {
    return { tenant, channel: this.channel, account: this.account, chatId };
  }

  /** Delivers an inbound message and returns what the bot sent to that chat while handling it. */
  async deliver(message: InboundMessage): Promise<OutboundMessage[]> {
    if (!this.runtime) throw new Error('MemoryAdapter is not started: call campanile.start() first.');
    const before = this.sent.length;
    await this.runtime.deliver(message);
    return this.sent.slice(before).filter((s) => s.ref.chatId === message.ref.chatId && s.ref.tenant === message.ref.tenant).map((s) => s.message);
  }

  /** The person types `text` (a leading `/` makes it a command, as on Telegram). */
  say(tenant: string, chatId: string, text: string, options: { id?: string; locale?: string } = {}): Promise<OutboundMessage[]> {
    const base = this.base(tenant, chatId, options);
    const command = parseCommandText(text);
    return this.deliver(command ? { ...base, kind: 'command', ...command } : { ...base, kind: 'text', text });
  }

  /** The person presses a choice button. */
  press(tenant: string, chatId: string, payload: string, options: { id?: string; messageId?: string } = {}): Promise<OutboundMessage[]> {
    const base = this.base(tenant, chatId, options);
    return this.deliver({ ...base, kind: 'button', payload, ...(options.messageId ? { messageId: options.messageId } : {}) });
  }

  /** Builds the common part of an inbound message (exposed for tests of other kinds). */
  base(tenant: string, chatId: string, options: { id?: string; locale?: string } = {}) {
    return {
      type: 'message' as const,
      id: options.id ?? `in-${this.nextId++}`,
      ref: this.ref(tenant, chatId),
      from: { id: chatId, ...(options.locale ? { locale: options.locale } : {}) },
      receivedAt: new Date(),
      raw: null,
    };
  }
}
