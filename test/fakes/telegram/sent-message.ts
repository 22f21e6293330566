/**
 * The record a test reads for every message the bot sent or edited, and the stored message the fake edits.
 */
import type { Message } from 'grammy/types';
import type { ReplyMarkup } from './reply-markup.js';

/**
 * One message the bot sent or edited, in call order.
 *
 * @example
 * const [first] = fake.sentMessages;
 * t.equal(first?.chatId, 42);
 * t.equal(first?.text, 'Benvenuto');
 */
export interface SentMessage {
  /** Position in the log, from 0. */
  seq: number;
  method: string;
  chatId: number;
  messageId: number;
  text?: string;
  caption?: string;
  parseMode?: string;
  replyMarkup?: ReplyMarkup;
  /** File ids of the media sent (every photo size for photos). */
  fileIds: string[];
  /** How the media arrived, when there was some. */
  fileSource?: 'upload' | 'file_id' | 'url';
  /** Monotonic clock milliseconds when the fake accepted the call. */
  at: number;
  /** The Message object returned to the bot. */
  message: Message;
}
