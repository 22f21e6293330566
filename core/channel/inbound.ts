import type { ConversationRef } from './conversation-ref.js';

/**
 * Normalized inbound messages: what an adapter hands to the engine after verifying and parsing a native
 * update. `raw` keeps the untouched payload for debugging and for modules that need a channel detail.
 *
 * @example
 * const msg: InboundMessage = { type: 'message', kind: 'text', id: 'u1', ref, from: { id: '42' },
 *   receivedAt: new Date(), text: 'ciao', raw: update };
 */
export interface InboundBase {
  readonly type: 'message';
  /** The channel's id for this event; redelivery of the same id is processed once. */
  readonly id: string;
  readonly ref: ConversationRef;
  readonly from: Sender;
  readonly receivedAt: Date;
  /** The native payload, untouched. */
  readonly raw: unknown;
}

/** Who sent the message, as far as the channel tells. The phone number is optional data, never a key. */
export interface Sender {
  readonly id: string;
  readonly displayName?: string;
  /** BCP 47 language the client reports (e.g. 'it', 'en-GB'), used for the first greeting. */
  readonly locale?: string;
}

export interface TextInbound extends InboundBase { readonly kind: 'text'; readonly text: string }
/** `/start abc` → command 'start', argument 'abc' (a deep-link payload on Telegram). */
export interface CommandInbound extends InboundBase {
  readonly kind: 'command';
  readonly command: string;
  readonly argument: string;
}
/** A choice button pressed; `messageId` is the message that carried the buttons (for edit-in-place). */
export interface ButtonInbound extends InboundBase {
  readonly kind: 'button';
  readonly payload: string;
  readonly messageId?: string;
}
export interface LocationInbound extends InboundBase {
  readonly kind: 'location';
  readonly latitude: number;
  readonly longitude: number;
  readonly accuracyMeters?: number;
}
export type MediaKind = 'photo' | 'video' | 'audio' | 'document';
/** Media whose bytes are fetched only when a module asks (channels' media ids expire: fetch promptly). */
export interface InboundMedia {
  readonly kind: MediaKind;
  readonly mimeType: string;
  readonly size?: number;
  readonly fileName?: string;
  fetch(signal?: AbortSignal): Promise<Uint8Array>;
}
export interface MediaInbound extends InboundBase {
  readonly kind: 'media';
  readonly media: InboundMedia;
  readonly caption?: string;
}
export interface ContactInbound extends InboundBase {
  readonly kind: 'contact';
  readonly name: string;
  readonly phone?: string;
}
/** Something the channel sent that Campanile does not handle (a sticker, a poll…): answered politely. */
export interface UnsupportedInbound extends InboundBase {
  readonly kind: 'unsupported';
  /**
   * What it was, in the channel's words ('sticker', 'poll'), or `'file-too-big'`: a file over what the
   * channel lets a bot download, which the engine answers with the size limit.
   */
  readonly what: string;
}

export type InboundMessage =
  | TextInbound
  | CommandInbound
  | ButtonInbound
  | LocationInbound
  | MediaInbound
  | ContactInbound
  | UnsupportedInbound;

export type InboundKind = InboundMessage['kind'];

/**
 * Channel events that are not messages, classified by the adapter into named kinds so the engine never
 * reads a channel's codes.
 */
export type ChannelEvent =
  | { readonly type: 'event'; readonly kind: 'recipient-blocked'; readonly id: string; readonly ref: ConversationRef; readonly raw: unknown }
  | { readonly type: 'event'; readonly kind: 'recipient-unblocked'; readonly id: string; readonly ref: ConversationRef; readonly raw: unknown }
  /** The chat moved to a new id (a Telegram group upgraded to a supergroup): later sends go to `to`. */
  | { readonly type: 'event'; readonly kind: 'recipient-moved'; readonly id: string; readonly ref: ConversationRef; readonly to: ConversationRef; readonly raw: unknown }
  | {
      readonly type: 'event';
      readonly kind: 'delivery-status';
      readonly id: string;
      readonly ref: ConversationRef;
      /** The channel message id the status is about. */
      readonly messageId: string;
      readonly status: 'sent' | 'delivered' | 'read' | 'failed';
      readonly at: Date;
      readonly reason?: string;
      readonly raw: unknown;
    };

/** Everything an adapter can hand to the engine. */
export type InboundEvent = InboundMessage | ChannelEvent;
