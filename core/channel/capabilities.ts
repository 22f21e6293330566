import type { MediaKind } from './inbound.js';

/**
 * What a channel can do, declared by its adapter. The engine and the renderer read these instead of
 * guessing; an operation the channel lacks is declared here, never hidden as a no-op.
 *
 * @example
 * if (!adapter.capabilities.canInitiate) log.info('this channel needs the person to write first');
 * const limiter = smoothLimiter(adapter.capabilities.rateLimits.perAccount);
 */
export interface ChannelCapabilities {
  /** Longest text of one message, in UTF-16 code units. */
  readonly maxTextLength: number;
  /** Longest caption of a media message; 0 when media carries no caption. */
  readonly maxCaptionLength: number;
  /** Choice buttons per message; 0 when the channel has none (numbered text fallback). */
  readonly maxChoiceButtons: number;
  /** Longest button label. */
  readonly maxButtonLabel: number;
  /** A selectable list (WhatsApp list message), or null when absent. */
  readonly list: { readonly maxRows: number; readonly maxRowTitle: number } | null;
  readonly linkButtons: boolean;
  readonly locationRequest: boolean;
  /** Whether sent messages can be edited in place. */
  readonly edit: boolean;
  readonly delete: boolean;
  /** Outbound media kinds and their limits. */
  readonly media: Readonly<Partial<Record<'image' | 'document', MediaLimit>>>;
  /** Inbound media kinds the channel delivers to the bot and their limits. */
  readonly inboundMedia: Readonly<Partial<Record<MediaKind, MediaLimit>>>;
  /** Whether the bot may write first (Telegram: no, the person must start the bot). */
  readonly canInitiate: boolean;
  /** Free-form messages allowed only this long after the person's last message; null = no window. */
  readonly replyWindowHours: number | null;
  readonly rateLimits: RateLimits;
}

export interface MediaLimit {
  readonly maxBytes: number;
  readonly mimeTypes: readonly string[];
}

/** `count` messages per `perMs` milliseconds, enforced smoothly (never a burst of 2× at a window edge). */
export interface RateLimit {
  readonly count: number;
  readonly perMs: number;
}

export interface RateLimits {
  /** Whole account (one bot, one phone number). */
  readonly perAccount: RateLimit;
  /** One chat. */
  readonly perChat: RateLimit;
  /** Group chats, where the channel limits them separately. */
  readonly perGroup?: RateLimit;
}
