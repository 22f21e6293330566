import type { MediaSource, OutboundAttachment, OutboundMessage } from '../channel/outbound.js';
import type { ChannelTexts } from '../channel/send-context.js';
import type { MediaStore } from '../media/media-store.js';

/** An attachment as the outbox stores it: the media's description, never its bytes (read at send time). */
interface StoredAttachment {
  readonly kind: OutboundAttachment['kind'];
  readonly media: { readonly id: string; readonly mimeType: string; readonly size: number; readonly fileName: string };
  readonly caption?: OutboundAttachment['caption'];
}

/**
 * An `OutboundMessage` as JSON in `delivery.payload`: plain data, media by content hash, and the channel's
 * words in the recipient's language resolved when it was written (`SendContext.texts`).
 */
export type StoredOutbound = Omit<OutboundMessage, 'attachment'> & { readonly attachment?: StoredAttachment; readonly channelTexts?: ChannelTexts };

/**
 * Serializes a reply or direct message for the outbox row that will send it. Media keep only their
 * description: the bytes stay in the media store under their content hash and are read at send time
 * (a reply written now may be sent by another process after a restart).
 *
 * @example
 * const payload = storeOutbound({ text: plain('Ciao') }); // '{"text":[…]}'
 * const again = loadOutbound(payload, mediaStore);
 */
export function storeOutbound(message: OutboundMessage, texts?: ChannelTexts): string {
  const { attachment, bulk: _bulk, ...fields } = message;
  const rest = texts ? { ...fields, channelTexts: texts } : fields;
  const stored: StoredOutbound = attachment
    ? {
        ...rest,
        attachment: {
          kind: attachment.kind,
          media: { id: attachment.media.id, mimeType: attachment.media.mimeType, size: attachment.media.size, fileName: attachment.media.fileName },
          ...(attachment.caption ? { caption: attachment.caption } : {}),
        },
      }
    : rest;
  return JSON.stringify(stored);
}

/**
 * The message of an outbox row again, its media read lazily from `media` (a file deleted since reads
 * as MEDIA_NOT_FOUND when the adapter uploads it: the send then fails, as any unreadable file does).
 *
 * @example
 * const message = loadOutbound(row.payload, mediaStore);
 * await adapter.send(ref, message);
 */
export function loadOutbound(payload: string, media: MediaStore): OutboundMessage {
  const { channelTexts: _texts, ...stored } = JSON.parse(payload) as StoredOutbound;
  if (!stored.attachment) return stored as OutboundMessage;
  const { id, mimeType, size, fileName } = stored.attachment.media;
  const source: MediaSource = { id, mimeType, size, fileName, read: () => media.read(id) };
  return { ...stored, attachment: { ...stored.attachment, media: source } };
}

/** The channel words stored with a message (see `storeOutbound`), if any. */
export function storedTexts(payload: string): ChannelTexts | undefined {
  return (JSON.parse(payload) as StoredOutbound).channelTexts;
}
