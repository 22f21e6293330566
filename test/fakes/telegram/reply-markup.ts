/**
 * Validates `reply_markup` the way Telegram does for the keyboards Campanile uses: inline keyboards (callback
 * buttons with `callback_data` of 1–64 bytes, URL buttons) and reply keyboards (text, `request_location`,
 * `request_contact`), plus `remove_keyboard` and `force_reply`.
 */
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove, ForceReply } from 'grammy/types';
import { apiErrors } from './api-error.js';

/** Any markup a message may carry. */
export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

const inlineKinds = [
  'url', 'callback_data', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay',
];

/**
 * Checks a parsed `reply_markup` and returns it typed, or throws Telegram's error.
 *
 * @example
 * validateReplyMarkup({ inline_keyboard: [[{ text: 'Sì', callback_data: 'cat:eventi' }]] }); // ok
 * validateReplyMarkup({ inline_keyboard: [[{ text: 'x', callback_data: 'x'.repeat(65) }]] });
 * // throws 400 "Bad Request: BUTTON_DATA_INVALID"
 */
export function validateReplyMarkup(markup: unknown): ReplyMarkup | undefined {
  if (markup === undefined || markup === null || markup === '') return undefined;
  if (typeof markup !== 'object' || Array.isArray(markup)) throw apiErrors.badRequest("can't parse reply keyboard markup JSON object");
  const record = markup as Record<string, unknown>;
  if ('inline_keyboard' in record) {
    for (const button of rows(record.inline_keyboard, 'inline keyboard')) validateInlineButton(button);
    return markup as InlineKeyboardMarkup;
  }
  if ('keyboard' in record) {
    for (const button of rows(record.keyboard, 'keyboard')) {
      if (typeof button === 'string') continue;
      if (typeof button !== 'object' || button === null || typeof (button as { text?: unknown }).text !== 'string') {
        throw apiErrors.badRequest("can't parse keyboard button: Field \"text\" must be of type String");
      }
    }
    return markup as ReplyKeyboardMarkup;
  }
  if (record.remove_keyboard === true) return markup as ReplyKeyboardRemove;
  if (record.force_reply === true) return markup as ForceReply;
  throw apiErrors.badRequest("can't parse reply keyboard markup JSON object");
}

function rows(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value) || !value.every(Array.isArray)) {
    throw apiErrors.badRequest(`can't parse ${what}: Field "${what === 'keyboard' ? 'keyboard' : 'inline_keyboard'}" must be an Array of Array`);
  }
  return (value as unknown[][]).flat();
}

function validateInlineButton(button: unknown): void {
  if (typeof button !== 'object' || button === null || typeof (button as { text?: unknown }).text !== 'string') {
    throw apiErrors.badRequest("can't parse inline keyboard button: Field \"text\" must be of type String");
  }
  const record = button as Record<string, unknown>;
  if (!inlineKinds.some((kind) => kind in record)) {
    throw apiErrors.badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  if ('callback_data' in record) {
    const data = record.callback_data;
    if (typeof data !== 'string' || data.length === 0 || Buffer.byteLength(data, 'utf8') > 64) {
      throw apiErrors.badRequest('BUTTON_DATA_INVALID');
    }
  }
  if ('url' in record) {
    const url = record.url;
    if (typeof url !== 'string' || !/^(https?|tg):\/\/\S+$/i.test(url)) throw apiErrors.badRequest('BUTTON_URL_INVALID');
  }
}

/**
 * Compares two markups for "message is not modified" (key order insensitive, absent equals empty).
 *
 * @example
 * sameMarkup(undefined, { inline_keyboard: [] }); // true
 */
export function sameMarkup(a: ReplyMarkup | undefined, b: ReplyMarkup | undefined): boolean {
  const norm = (m: ReplyMarkup | undefined) =>
    m && 'inline_keyboard' in m && m.inline_keyboard.length > 0 ? canonical(m) : '';
  return norm(a) === norm(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([x], [y]) => x.localeCompare(y));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
