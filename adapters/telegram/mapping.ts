import type { Chat, InlineKeyboardButton, Message, ReplyKeyboardMarkup, InlineKeyboardMarkup, Update, User } from 'grammy/types';
import {
  choicesFit, numberedChoices, parseCommandText, splitText, textLength, truncateLabel,
  type ChannelCapabilities, type ChoiceButton, type ConversationRef, type FormattedText, type InboundEvent, type InboundMedia,
  type LinkButton, type MediaKind, type OutboundAttachment, type OutboundMessage, type Sender,
} from '../../core/index.js';
import { splitCaption } from './caption.js';
import { toTelegramHtml } from './html.js';

/**
 * Pure mapping between Telegram's Bot API objects and Campanile's normalized messages: `fromTelegram`
 * for updates, `toTelegram` for the Bot API calls of an outbound message (with `inlineKeyboard`/
 * `locationKeyboard` for its markup). No I/O: the file download is injected, so recorded updates can be
 * mapped in tests without a server.
 *
 * @example
 * const event = fromTelegram(update, { tenant: 'esempio', account: 'default', botId: 123, fetchFile });
 * if (event?.type === 'message' && event.kind === 'command') event.argument; // 'cat_eventi'
 */
export interface MappingContext {
  readonly tenant: string;
  readonly account: string;
  /** The bot's numeric id (the part of the token before `:`): update ids are only unique per bot. */
  readonly botId: number;
  /** Downloads a file by `file_id` (getFile + download); called only when a module reads the media. */
  readonly fetchFile: (fileId: string, signal?: AbortSignal) => Promise<Uint8Array>;
}

/** Telegram's getFile limit for bots: larger files cannot be downloaded at all. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** The update kinds the bot asks for (setWebhook / getUpdates `allowed_updates`). */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/**
 * Stable id of an update for the engine's processed-event table: Telegram re-sends the same update_id
 * when a webhook answers slowly, and update ids are unique only per bot.
 */
export function updateEventId(botId: number, updateId: number): string {
  return `${botId}:${updateId}`;
}

/** The conversation reference of a chat. */
export function chatRef(context: Pick<MappingContext, 'tenant' | 'account'>, chatId: number | string): ConversationRef {
  return { tenant: context.tenant, channel: 'telegram', account: context.account, chatId: String(chatId) };
}

/**
 * Maps one update to what the engine handles, or `undefined` for updates Campanile ignores (edits,
 * channel posts, the bot's own membership changes that say nothing new). Callback data is returned as
 * is: resolving short ids of long payloads is the adapter's job (it needs storage).
 */
export function fromTelegram(update: Update, context: MappingContext): InboundEvent | undefined {
  const id = updateEventId(context.botId, update.update_id);
  if (update.message) return fromMessage(update.message, id, update, context);
  if (update.callback_query) {
    const query = update.callback_query;
    const chat = query.message?.chat.id ?? query.from.id;
    const base = { type: 'message' as const, id, ref: chatRef(context, chat), from: sender(query.from), receivedAt: new Date(), raw: update };
    if (query.data === undefined) return { ...base, kind: 'unsupported', what: 'callback_game' };
    return { ...base, kind: 'button', payload: query.data, ...(query.message ? { messageId: String(query.message.message_id) } : {}) };
  }
  if (update.my_chat_member) {
    const change = update.my_chat_member;
    const ref = chatRef(context, change.chat.id);
    const now = change.new_chat_member.status;
    const before = change.old_chat_member.status;
    const out = (s: string) => s === 'kicked' || s === 'left';
    if (out(now) && !out(before)) return { type: 'event', kind: 'recipient-blocked', id, ref, raw: update };
    if (!out(now) && out(before)) return { type: 'event', kind: 'recipient-unblocked', id, ref, raw: update };
    return undefined;
  }
  return undefined;
}

function fromMessage(message: Message, id: string, update: Update, context: MappingContext): InboundEvent | undefined {
  if (!message.from || message.from.is_bot) return undefined;
  const base = {
    type: 'message' as const, id, ref: chatRef(context, message.chat.id), from: sender(message.from),
    receivedAt: new Date(message.date * 1000), raw: update,
  };
  if (message.text !== undefined) {
    const isCommand = message.entities?.some((e) => e.type === 'bot_command' && e.offset === 0);
    const command = isCommand ? parseCommandText(message.text) : undefined;
    return command ? { ...base, kind: 'command', ...command } : { ...base, kind: 'text', text: message.text };
  }
  if (message.location) {
    const { latitude, longitude, horizontal_accuracy: accuracy } = message.location;
    return { ...base, kind: 'location', latitude, longitude, ...(accuracy !== undefined ? { accuracyMeters: accuracy } : {}) };
  }
  if (message.contact) {
    const { first_name: first, last_name: last, phone_number: phone } = message.contact;
    return { ...base, kind: 'contact', name: [first, last].filter(Boolean).join(' '), ...(phone ? { phone } : {}) };
  }
  const file = mediaOf(message);
  if (file) {
    if ((file.size ?? 0) > MAX_DOWNLOAD_BYTES) return { ...base, kind: 'unsupported', what: 'file-too-big' };
    const media: InboundMedia = {
      kind: file.kind,
      mimeType: file.mimeType,
      ...(file.size !== undefined ? { size: file.size } : {}),
      ...(file.fileName ? { fileName: file.fileName } : {}),
      fetch: (signal) => context.fetchFile(file.fileId, signal),
    };
    return { ...base, kind: 'media', media, ...(message.caption ? { caption: message.caption } : {}) };
  }
  return { ...base, kind: 'unsupported', what: unsupportedKind(message) };
}

interface FileRef {
  kind: MediaKind;
  fileId: string;
  mimeType: string;
  size?: number;
  fileName?: string;
}

/** The media of a message; for photos the largest size Telegram made. */
function mediaOf(message: Message): FileRef | undefined {
  const optional = (size?: number, fileName?: string) => ({ ...(size !== undefined ? { size } : {}), ...(fileName ? { fileName } : {}) });
  if (message.photo && message.photo.length > 0) {
    const largest = message.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return { kind: 'photo', fileId: largest.file_id, mimeType: 'image/jpeg', ...optional(largest.file_size) };
  }
  if (message.video) return { kind: 'video', fileId: message.video.file_id, mimeType: message.video.mime_type ?? 'video/mp4', ...optional(message.video.file_size, message.video.file_name) };
  if (message.voice) return { kind: 'audio', fileId: message.voice.file_id, mimeType: message.voice.mime_type ?? 'audio/ogg', ...optional(message.voice.file_size) };
  if (message.audio) return { kind: 'audio', fileId: message.audio.file_id, mimeType: message.audio.mime_type ?? 'audio/mpeg', ...optional(message.audio.file_size, message.audio.file_name) };
  if (message.document) {
    const d = message.document;
    return { kind: 'document', fileId: d.file_id, mimeType: d.mime_type ?? 'application/octet-stream', ...optional(d.file_size, d.file_name) };
  }
  return undefined;
}

function unsupportedKind(message: Message): string {
  for (const key of ['sticker', 'animation', 'video_note', 'poll', 'dice', 'venue', 'game', 'story'] as const) if (key in message) return key;
  return 'other';
}

function sender(user: User): Sender {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return { id: String(user.id), ...(name ? { displayName: name } : {}), ...(user.language_code ? { locale: user.language_code } : {}) };
}

/** Whether Telegram counts this chat under its 20 messages/minute group limit. */
export function isGroupChat(chat: Pick<Chat, 'type'>): boolean {
  return chat.type === 'group' || chat.type === 'supergroup';
}

/** Telegram's limit on inline button text is generous; 64 keeps labels readable on phones. */
export const MAX_BUTTON_LABEL = 64;

/**
 * Choices (one per row, ✅ on selected toggles) and link buttons as an inline keyboard. `callbackData`
 * turns a payload into ≤ 64 bytes of `callback_data` (the adapter's short-id codec).
 */
export function inlineKeyboard(
  choices: readonly ChoiceButton[],
  links: readonly LinkButton[],
  callbackData: (payload: string) => string,
): InlineKeyboardMarkup | undefined {
  const rows: InlineKeyboardButton[][] = [
    ...choices.map((c) => [{ text: truncateLabel(`${c.selected ? '✅ ' : ''}${c.label}`, MAX_BUTTON_LABEL), callback_data: callbackData(c.payload) }]),
    ...links.filter((l) => /^https?:\/\/\S+$/i.test(l.url)).map((l) => [{ text: truncateLabel(l.label, MAX_BUTTON_LABEL), url: l.url }]),
  ];
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}

/** A one-time reply keyboard with a "share my position" button. */
export function locationKeyboard(label: string): ReplyKeyboardMarkup {
  return { keyboard: [[{ text: truncateLabel(label, MAX_BUTTON_LABEL), request_location: true }]], resize_keyboard: true, one_time_keyboard: true };
}

// --- outbound ---------------------------------------------------------------------------------------

/** Where and within which limits {@link toTelegram} renders. */
export interface OutboundContext {
  readonly chatId: string;
  readonly capabilities: ChannelCapabilities;
  /** A choice's payload as `callback_data` (the adapter encodes long ones to short ids beforehand). */
  readonly callbackData: (payload: string) => string;
}

/** One Bot API call of a rendered message: a text, or media whose file (`file_id` or upload) the sender adds. */
export type TelegramSend =
  | { readonly kind: 'text'; readonly method: 'sendMessage'; readonly params: Readonly<Record<string, unknown>> }
  | {
    readonly kind: 'media'; readonly method: 'sendPhoto' | 'sendDocument'; readonly field: 'photo' | 'document';
    readonly params: Readonly<Record<string, unknown>>; readonly attachment: OutboundAttachment;
  };

/** A normalized message as Bot API calls, in order. */
export interface TelegramRendering {
  /** Try first when the message replaces an earlier one; when Telegram cannot edit it, send `sends`. */
  readonly edit?: { readonly method: 'editMessageText' | 'editMessageReplyMarkup'; readonly params: Readonly<Record<string, unknown>> };
  readonly sends: readonly TelegramSend[];
  /** Index in `sends` of the message whose id `send` returns (the one with the buttons), else the last. */
  readonly carrier?: number;
}

/**
 * The choices that go on the inline keyboard, after too many became a numbered list: the payloads the
 * adapter must encode as `callback_data` before {@link toTelegram}.
 */
export function keyboardChoices(message: OutboundMessage, capabilities: OutboundContext['capabilities']): { text: FormattedText; choices: readonly ChoiceButton[] } {
  const text: FormattedText = message.text ?? [];
  const choices = message.choices ?? [];
  if (choices.length > 0 && !choicesFit(capabilities, choices)) return { text: numberedChoices(text, choices, ''), choices: [] };
  return { text, choices };
}

/**
 * Renders a normalized message as Bot API calls: HTML text split at 4096 characters, a notice's text as
 * the caption of its image when it fits, the inline keyboard on the last message and a location request
 * on a message of its own (one message carries one kind of keyboard). Pure: no call is made here.
 *
 * @example
 * const { sends } = toTelegram({ text: plain('Ciao') }, { chatId: '42', capabilities, callbackData: (p) => p });
 * // [{ kind: 'text', method: 'sendMessage', params: { chat_id: '42', text: 'Ciao', parse_mode: 'HTML', … } }]
 */
export function toTelegram(message: OutboundMessage, context: OutboundContext): TelegramRendering {
  const { chatId, capabilities } = context;
  const { text, choices } = keyboardChoices(message, capabilities);
  const keyboard = inlineKeyboard(choices, message.links ?? [], context.callbackData);
  const locationMarkup = message.requestLocation ? locationKeyboard(message.requestLocation.label) : undefined;
  const edit = message.replaceMessageId && !message.attachment && !locationMarkup
    ? editOf(chatId, Number(message.replaceMessageId), text, keyboard, capabilities.maxTextLength)
    : undefined;

  type Step = (markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | undefined) => TelegramSend;
  const steps: Step[] = [];
  let textParts = textLength(text) > 0 ? splitText(text, capabilities.maxTextLength) : [];
  if (message.attachment) {
    const attachment = message.attachment;
    let caption: FormattedText = attachment.caption ?? [];
    if (caption.length === 0 && textParts.length === 1 && textLength(text) <= capabilities.maxCaptionLength) {
      caption = text; // a notice's text rides on its image: one message, not two
      textParts = [];
    }
    const [short, rest] = splitCaption(caption, capabilities.maxCaptionLength);
    textParts = [...(textLength(rest) > 0 ? splitText(rest, capabilities.maxTextLength) : []), ...textParts];
    const [method, field] = attachment.kind === 'image' ? (['sendPhoto', 'photo'] as const) : (['sendDocument', 'document'] as const);
    steps.push((markup) => ({
      kind: 'media', method, field, attachment,
      params: {
        chat_id: chatId,
        ...(textLength(short) > 0 ? { caption: toTelegramHtml(short), parse_mode: 'HTML' } : {}),
        ...(markup ? { reply_markup: markup } : {}),
      },
    }));
  }
  for (const part of textParts) {
    steps.push((markup) => ({
      kind: 'text', method: 'sendMessage',
      params: { chat_id: chatId, text: toTelegramHtml(part), parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(markup ? { reply_markup: markup } : {}) },
    }));
  }
  if (keyboard && locationMarkup) {
    steps.push((markup) => ({ kind: 'text', method: 'sendMessage', params: { chat_id: chatId, text: message.requestLocation!.label, reply_markup: markup } }));
  }
  let carrier: number | undefined;
  const sends = steps.map((step, index) => {
    const isLast = index === steps.length - 1;
    const isKeyboardCarrier = keyboard && (locationMarkup ? index === steps.length - 2 : isLast);
    if (isKeyboardCarrier) carrier = index;
    return step(isKeyboardCarrier ? keyboard : isLast ? locationMarkup : undefined);
  });
  return { ...(edit ? { edit } : {}), sends, ...(carrier !== undefined ? { carrier } : {}) };
}

/** The in-place edit of a replaced message; undefined when its text needs more than one message. */
function editOf(chatId: string, messageId: number, text: FormattedText, keyboard: InlineKeyboardMarkup | undefined, maxTextLength: number): TelegramRendering['edit'] {
  const parts = textLength(text) > 0 ? splitText(text, maxTextLength) : [];
  if (parts.length > 1) return undefined;
  if (parts.length === 1) {
    return {
      method: 'editMessageText',
      params: {
        chat_id: chatId, message_id: messageId, text: toTelegramHtml(parts[0]!), parse_mode: 'HTML',
        link_preview_options: { is_disabled: true }, ...(keyboard ? { reply_markup: keyboard } : {}),
      },
    };
  }
  return { method: 'editMessageReplyMarkup', params: { chat_id: chatId, message_id: messageId, reply_markup: keyboard ?? { inline_keyboard: [] } } };
}
