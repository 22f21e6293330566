/**
 * sendMessage, editMessageText and editMessageReplyMarkup: text limits after entity parsing, keyboards, the
 * "message is not modified" and "message to edit not found" refusals.
 */
import { apiErrors } from '../api-error.js';
import { plainText } from '../formatted-text.js';
import type { Params } from '../params.js';
import { sameMarkup, validateReplyMarkup } from '../reply-markup.js';
import type { MethodHandler } from './method-handler.js';

/** Telegram's limit on message text, counted after entity parsing (UTF-16 code units, as JS strings count). */
export const maxTextLength = 4096;

/** Reads and checks `text` + `parse_mode`, returning the plain text Telegram would store. */
export function messageText(params: Params): { text: string; parseMode?: string } {
  const raw = params.string('text');
  if (raw === undefined || raw.trim() === '') throw apiErrors.badRequest('message text is empty');
  const parseMode = params.string('parse_mode');
  const text = plainText(raw, parseMode);
  if (text.trim() === '') throw apiErrors.badRequest('message text is empty');
  if (text.length > maxTextLength) throw apiErrors.badRequest('message is too long');
  return { text, ...(parseMode ? { parseMode } : {}) };
}

/**
 * Handlers for message methods.
 *
 * @example
 * const result = messageMethods.sendMessage!({ params, state, onAbandon: () => {} });
 */
export const messageMethods: Record<string, MethodHandler> = {
  sendMessage: ({ params, state }) => {
    const { chat } = state.chats.resolveForSend(params.string('chat_id'));
    const { text, parseMode } = messageText(params);
    const replyMarkup = validateReplyMarkup(params.object('reply_markup'));
    state.admitMessage(chat);
    return state.storeMessage('sendMessage', chat, { text, ...(parseMode ? { parseMode } : {}), ...(replyMarkup ? { replyMarkup } : {}) });
  },

  editMessageText: ({ params, state }) => {
    if (params.has('inline_message_id')) return true;
    const { chat } = state.chats.resolveForSend(params.string('chat_id'));
    const { text, parseMode } = messageText(params);
    const replyMarkup = validateReplyMarkup(params.object('reply_markup'));
    const stored = state.messageToEdit(chat.id, params.int('message_id'));
    if (stored.text === undefined) throw apiErrors.badRequest('there is no text in the message to edit');
    if (stored.text === text && sameMarkup(stored.replyMarkup, replyMarkup)) {
      throw apiErrors.badRequest(
        'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    }
    // Telegram counts an edit against the bot's and the chat's limits like a new message.
    state.admitMessage(chat);
    return state.applyEdit('editMessageText', stored, { text, ...(parseMode ? { parseMode } : {}), replyMarkup });
  },

  editMessageReplyMarkup: ({ params, state }) => {
    if (params.has('inline_message_id')) return true;
    const { chat } = state.chats.resolveForSend(params.string('chat_id'));
    const replyMarkup = validateReplyMarkup(params.object('reply_markup'));
    const stored = state.messageToEdit(chat.id, params.int('message_id'));
    if (sameMarkup(stored.replyMarkup, replyMarkup)) {
      throw apiErrors.badRequest(
        'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    }
    state.admitMessage(chat);
    return state.applyEdit('editMessageReplyMarkup', stored, { replyMarkup });
  },
};
