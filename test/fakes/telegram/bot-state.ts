/**
 * Everything the fake remembers about its one bot, shared by the method handlers: chats, files, updates,
 * messages, callback queries, limits and counters. Handlers receive it with the call's parameters.
 */
import type { BotCommand, Chat, Message, Update, User } from 'grammy/types';
import { apiErrors } from './api-error.js';
import { ChatRegistry, isGroup } from './chat-registry.js';
import type { Clock } from './clock.js';
import type { FakeEvents } from './fake-events.js';
import type { FakeLimits } from './fake-options.js';
import { FileStore, type FileSource } from './file-store.js';
import type { FileKind } from './file-ids.js';
import { SlidingWindowLimiter } from './rate-limiter.js';
import type { ReplyMarkup } from './reply-markup.js';
import type { SentMessage } from './sent-message.js';
import { UpdateQueue } from './update-queue.js';
import type { WebhookSender } from './webhook-sender.js';

/** A message as the fake keeps it for later edits. */
interface StoredMessage {
  message: Message;
  text?: string;
  caption?: string;
  replyMarkup?: ReplyMarkup;
}

/** A callback query pushed to the bot, and whether it was answered. */
export interface CallbackQueryRecord {
  id: string;
  answered: boolean;
  answer?: { text?: string; showAlert?: boolean; url?: string };
}

/**
 * The fake bot's state.
 *
 * @example
 * state.admitMessage(chat); // throws 429 when a limit is full, else records the message
 * state.storeMessage('sendMessage', chat, { text: 'Ciao' }); // → Message returned to the bot
 */
export class BotState {
  readonly chats: ChatRegistry;
  readonly files = new FileStore();
  readonly queue: UpdateQueue;
  readonly limiter: SlidingWindowLimiter;
  readonly sentMessages: SentMessage[] = [];
  readonly callbackQueries = new Map<string, CallbackQueryRecord>();
  commands: BotCommand[] = [];
  readonly calls: Record<string, number> = {};
  count429 = 0;
  webhook!: WebhookSender;
  private readonly messages = new Map<string, StoredMessage>();
  private readonly lastMessageId = new Map<number, number>();

  constructor(
    readonly botUser: User & Record<string, unknown>,
    readonly limits: FakeLimits | false,
    readonly clock: Clock,
    readonly events: FakeEvents,
    acceptUnknownChats: boolean,
    firstUpdateId: number,
  ) {
    this.chats = new ChatRegistry(acceptUnknownChats);
    this.queue = new UpdateQueue(firstUpdateId);
    this.limiter = new SlidingWindowLimiter(clock);
  }

  /**
   * Applies the bot, chat and group limits to one outgoing message: throws 429 with `retry_after` (whole seconds,
   * at least 1, from the window) when any is full, otherwise counts the message.
   */
  admitMessage(chat: Chat): void {
    if (!this.limits) return;
    const chatKey = `chat:${chat.id}`;
    const limits: Array<readonly [string, { limit: number; windowMs: number }]> = [
      ['bot', { limit: this.limits.perBotPerSecond, windowMs: 1000 }],
      [chatKey, { limit: this.limits.perChatPerSecond, windowMs: 1000 }],
    ];
    if (isGroup(chat)) limits.push([`group:${chat.id}`, { limit: this.limits.perGroupPerMinute, windowMs: 60_000 }]);
    const waitMs = this.limiter.check(limits);
    if (waitMs > 0) throw apiErrors.tooManyRequests(Math.max(1, Math.ceil(waitMs / 1000)));
    this.limiter.record(limits.map(([key]) => key));
  }

  /** Records an update pushed by a test: learns its chat, files, message ids and callback query. */
  learnFrom(update: Update): void {
    const message = update.message ?? update.edited_message ?? update.channel_post ?? update.callback_query?.message;
    const chat = message?.chat ?? update.my_chat_member?.chat ?? update.chat_member?.chat;
    if (chat) this.chats.learn(chat);
    if (message && 'date' in message && message.date !== 0) {
      this.lastMessageId.set(message.chat.id, Math.max(this.lastMessageId.get(message.chat.id) ?? 0, message.message_id));
      const m = message as Message;
      if (m.from?.id === this.botUser.id && !this.messages.has(key(m.chat.id, m.message_id))) {
        this.messages.set(key(m.chat.id, m.message_id), {
          message: m,
          ...(m.text !== undefined ? { text: m.text } : {}),
          ...(m.reply_markup ? { replyMarkup: m.reply_markup } : {}),
        });
      }
      for (const [kind, file] of filesIn(m)) this.files.learn(kind, file);
    }
    if (update.callback_query) this.callbackQueries.set(update.callback_query.id, { id: update.callback_query.id, answered: false });
  }

  /** Creates the Message the bot gets back for a send, stores it for edits and logs a {@link SentMessage}. */
  storeMessage(
    method: string,
    chat: Chat,
    content: { text?: string; caption?: string; parseMode?: string; replyMarkup?: ReplyMarkup; media?: Partial<Message>; fileIds?: string[]; fileSource?: FileSource },
  ): Message {
    const messageId = (this.lastMessageId.get(chat.id) ?? 0) + 1;
    this.lastMessageId.set(chat.id, messageId);
    const message = {
      message_id: messageId,
      from: this.botUser,
      chat,
      date: Math.floor(Date.now() / 1000),
      ...content.media,
      ...(content.text !== undefined ? { text: content.text } : {}),
      ...(content.caption ? { caption: content.caption } : {}),
      ...(content.replyMarkup && 'inline_keyboard' in content.replyMarkup ? { reply_markup: content.replyMarkup } : {}),
    } as Message;
    this.messages.set(key(chat.id, messageId), {
      message,
      ...(content.text !== undefined ? { text: content.text } : {}),
      ...(content.caption ? { caption: content.caption } : {}),
      ...(content.replyMarkup ? { replyMarkup: content.replyMarkup } : {}),
    });
    this.record(method, chat.id, message, content);
    return message;
  }

  /** The stored message for an edit, or 400 "message to edit not found". */
  messageToEdit(chatId: number, messageId: number | undefined): StoredMessage {
    const stored = messageId === undefined ? undefined : this.messages.get(key(chatId, messageId));
    if (!stored) throw apiErrors.badRequest('message to edit not found');
    return stored;
  }

  /** Applies an edit and logs it. */
  applyEdit(method: string, stored: StoredMessage, change: { text?: string; parseMode?: string; replyMarkup?: ReplyMarkup | undefined }): Message {
    const message = { ...stored.message, edit_date: Math.floor(Date.now() / 1000) } as Message & { reply_markup?: ReplyMarkup };
    if (change.text !== undefined) {
      (message as { text?: string }).text = change.text;
      stored.text = change.text;
    }
    if (change.replyMarkup && 'inline_keyboard' in change.replyMarkup) message.reply_markup = change.replyMarkup;
    else delete message.reply_markup;
    if (change.replyMarkup) stored.replyMarkup = change.replyMarkup;
    else delete stored.replyMarkup;
    stored.message = message;
    this.record(method, message.chat.id, message, {
      ...(stored.text !== undefined ? { text: stored.text } : {}),
      ...(change.parseMode ? { parseMode: change.parseMode } : {}),
      ...(change.replyMarkup ? { replyMarkup: change.replyMarkup } : {}),
    });
    return message;
  }

  private record(
    method: string,
    chatId: number,
    message: Message,
    content: { text?: string; caption?: string; parseMode?: string; replyMarkup?: ReplyMarkup; fileIds?: string[]; fileSource?: FileSource },
  ): void {
    const record: SentMessage = {
      seq: this.sentMessages.length,
      method,
      chatId,
      messageId: message.message_id,
      ...(content.text !== undefined ? { text: content.text } : {}),
      ...(content.caption ? { caption: content.caption } : {}),
      ...(content.parseMode ? { parseMode: content.parseMode } : {}),
      ...(content.replyMarkup ? { replyMarkup: content.replyMarkup } : {}),
      fileIds: content.fileIds ?? [],
      ...(content.fileSource ? { fileSource: content.fileSource } : {}),
      at: this.clock.now(),
      message,
    };
    this.sentMessages.push(record);
    this.events.emit({ type: 'message', record });
  }
}

function key(chatId: number, messageId: number): string {
  return `${chatId}:${messageId}`;
}

function filesIn(message: Message): Array<[FileKind, { file_id: string; file_unique_id: string; file_size?: number }]> {
  const found: Array<[FileKind, { file_id: string; file_unique_id: string; file_size?: number }]> = [];
  for (const size of message.photo ?? []) found.push(['photo', size]);
  if (message.document) found.push(['document', message.document]);
  if (message.video) found.push(['video', message.video]);
  if (message.video?.thumbnail) found.push(['photo', message.video.thumbnail]);
  if (message.voice) found.push(['voice', message.voice]);
  if (message.audio) found.push(['audio', message.audio]);
  if (message.animation) found.push(['animation', message.animation]);
  if (message.video_note) found.push(['video_note', message.video_note]);
  if (message.sticker) found.push(['sticker', message.sticker]);
  return found;
}
