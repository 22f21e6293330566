import { InputFile } from 'grammy';
import type { Message } from 'grammy/types';
import { delivery, type ChannelCapabilities, type DeliveryResult, type OutboundAttachment, type OutboundMessage } from '../../core/index.js';
import type { CallbackData } from './callback-data.js';
import { isEditImpossible, isNotModified } from './errors.js';
import type { FileIdCache } from './file-id-cache.js';
import { keyboardChoices, toTelegram, type TelegramSend } from './mapping.js';
import type { TelegramApi } from './telegram-api.js';

/** What {@link sendTelegram} needs from the adapter: the client, the limits and the two storage-backed codecs. */
export interface TelegramSender {
  readonly api: TelegramApi;
  readonly capabilities: ChannelCapabilities;
  readonly callbackData: CallbackData;
  readonly fileIds: FileIdCache;
}

/**
 * Makes the Bot API calls `toTelegram` rendered: encodes the buttons' payloads, edits in place when it
 * can (else sends anew), reuses `file_id`s for media. Returns the id of the message carrying the
 * buttons, else the last one sent; Telegram's refusals are thrown for the adapter to classify.
 *
 * @example
 * const messageId = await sendTelegram(chatId, message, { api, capabilities, callbackData, fileIds }, signal);
 */
export async function sendTelegram(chatId: string, message: OutboundMessage, sender: TelegramSender, signal?: AbortSignal): Promise<string> {
  const encoded = new Map<string, string>();
  for (const choice of keyboardChoices(message, sender.capabilities).choices) encoded.set(choice.payload, await sender.callbackData.encode(choice.payload));
  const rendering = toTelegram(message, { chatId, capabilities: sender.capabilities, callbackData: (payload) => encoded.get(payload) ?? payload });
  // Only the first message of a broadcast reports 429 at once; once a part is out, the rest may wait.
  let interactive = !message.bulk;
  const call = async <T>(method: string, payload: Record<string, unknown>): Promise<T> => {
    const result = await sender.api.call<T>(method, payload, { interactive, ...(signal ? { signal } : {}) });
    interactive = true;
    return result;
  };

  if (rendering.edit && message.replaceMessageId) {
    try {
      await call(rendering.edit.method, { ...rendering.edit.params });
      return message.replaceMessageId;
    } catch (error) {
      if (isNotModified(error)) return message.replaceMessageId;
      // Cannot be edited (too old, not ours): a new message is sent instead.
      if (!isEditImpossible(error)) throw error;
    }
  }
  if (rendering.sends.length === 0) throw new Error('OutboundMessage has neither text nor attachment: nothing to send');
  let carrier: Message | undefined;
  let last: Message | undefined;
  for (const [index, send] of rendering.sends.entries()) {
    last = await sendOne(send, sender.fileIds, call);
    if (index === rendering.carrier) carrier = last;
  }
  return String((carrier ?? last!).message_id);
}

/** Refuses at once a file larger than Telegram takes (no call would succeed). */
export function attachmentRefusal(attachment: OutboundAttachment | undefined, capabilities: ChannelCapabilities): DeliveryResult | undefined {
  if (!attachment) return undefined;
  const limit = capabilities.media[attachment.kind];
  if (limit && attachment.media.size > limit.maxBytes) {
    return delivery.permanent(`${attachment.media.fileName} is ${attachment.media.size} bytes; Telegram bots send ${attachment.kind}s up to ${limit.maxBytes} bytes: make it smaller${attachment.kind === 'image' ? ' or send it as a document' : ''}`);
  }
  return undefined;
}

function sendOne(send: TelegramSend, fileIds: FileIdCache, call: <T>(method: string, payload: Record<string, unknown>) => Promise<T>): Promise<Message> {
  if (send.kind === 'text') return call<Message>(send.method, { ...send.params });
  const { method, field, params, attachment } = send;
  const media = attachment.media;
  return fileIds.send(
    `${attachment.kind}:${media.id}`,
    (fileId) => call<Message>(method, { ...params, [field]: fileId }),
    async () => call<Message>(method, { ...params, [field]: new InputFile(await media.read(), media.fileName) }),
    (sent) => (field === 'photo' ? sent.photo?.at(-1)?.file_id : sent.document?.file_id),
  );
}
