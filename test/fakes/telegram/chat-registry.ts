/**
 * The chats the fake bot knows, and what a test scripted for each: blocked, deactivated, kicked, migrated.
 * A bot cannot write first, so a chat is known only once it was added here or appeared in a pushed update
 * (unless `acceptUnknownChats` is on, for benchmarks that send to thousands of ids).
 */
import type { Chat } from 'grammy/types';
import { apiErrors } from './api-error.js';

/** What happens to messages sent to a chat. */
export type ChatState =
  | { kind: 'active' }
  | { kind: 'blocked' }
  | { kind: 'deactivated' }
  | { kind: 'kicked' }
  | { kind: 'migrated'; toChatId: number };

/** A known chat and its scripted state. */
export interface ChatEntry {
  chat: Chat;
  state: ChatState;
}

/**
 * Registry of chats, consulted before every send.
 *
 * @example
 * fake.chats.add({ id: 42, type: 'private', first_name: 'Maria' });
 * fake.chats.block(42); // next send → 403 "Forbidden: bot was blocked by the user"
 * fake.chats.migrate(-4001, -1001234567890); // → 400 with parameters.migrate_to_chat_id
 */
export class ChatRegistry {
  private readonly chats = new Map<number, ChatEntry>();

  constructor(private readonly acceptUnknownChats: boolean) {}

  /** Adds (or replaces) a chat; a bare id becomes a private chat for positive ids, a group for negative ones. */
  add(chat: Chat | number): Chat {
    const full = typeof chat === 'number' ? defaultChat(chat) : chat;
    const existing = this.chats.get(full.id);
    this.chats.set(full.id, { chat: full, state: existing?.state ?? { kind: 'active' } });
    return full;
  }

  /** Learns a chat from an update, keeping any state a test already scripted. */
  learn(chat: Chat): void {
    if (!this.chats.has(chat.id)) this.chats.set(chat.id, { chat, state: { kind: 'active' } });
  }

  get(chatId: number): ChatEntry | undefined {
    return this.chats.get(chatId);
  }

  /** The user blocked the bot: sends answer 403 "Forbidden: bot was blocked by the user". */
  block(chatId: number): void {
    this.setState(chatId, { kind: 'blocked' });
  }

  /** The account was deleted: sends answer 403 "Forbidden: user is deactivated". */
  deactivate(chatId: number): void {
    this.setState(chatId, { kind: 'deactivated' });
  }

  /** The bot was removed from a group: 403 "Forbidden: bot was kicked from the group chat". */
  kick(chatId: number): void {
    this.setState(chatId, { kind: 'kicked' });
  }

  /** The group became a supergroup: sends answer 400 with `parameters.migrate_to_chat_id`. */
  migrate(chatId: number, toChatId: number): void {
    this.setState(chatId, { kind: 'migrated', toChatId });
    this.add({ id: toChatId, type: 'supergroup', title: this.chats.get(chatId)?.chat.title ?? 'Gruppo' } as Chat);
  }

  /** Undoes any scripted state (the user unblocked the bot). */
  restore(chatId: number): void {
    this.setState(chatId, { kind: 'active' });
  }

  /**
   * Resolves `chat_id` for a send, throwing what Telegram answers for unknown, blocked, deactivated, kicked or
   * migrated chats. `@username` ids resolve only for known chats with that username.
   */
  resolveForSend(chatId: string | undefined): ChatEntry {
    if (chatId === undefined || chatId === '') throw apiErrors.badRequest('chat_id is empty');
    const entry = this.lookup(chatId);
    if (!entry) throw apiErrors.chatNotFound();
    switch (entry.state.kind) {
      case 'active':
        return entry;
      case 'blocked':
        throw apiErrors.forbidden('bot was blocked by the user');
      case 'deactivated':
        throw apiErrors.forbidden('user is deactivated');
      case 'kicked':
        throw apiErrors.forbidden(`bot was kicked from the ${entry.chat.type === 'supergroup' ? 'supergroup' : 'group'} chat`);
      case 'migrated':
        throw apiErrors.migrated(entry.state.toChatId);
    }
  }

  private lookup(chatId: string): ChatEntry | undefined {
    if (chatId.startsWith('@')) {
      const username = chatId.slice(1).toLowerCase();
      for (const entry of this.chats.values()) {
        if ('username' in entry.chat && entry.chat.username?.toLowerCase() === username) return entry;
      }
      return undefined;
    }
    const id = Number(chatId);
    if (!Number.isSafeInteger(id)) return undefined;
    const entry = this.chats.get(id);
    if (entry || !this.acceptUnknownChats) return entry;
    const added = { chat: defaultChat(id), state: { kind: 'active' } as ChatState };
    this.chats.set(id, added);
    return added;
  }

  private setState(chatId: number, state: ChatState): void {
    const entry = this.chats.get(chatId) ?? { chat: this.add(chatId), state };
    entry.state = state;
    this.chats.set(chatId, entry);
  }
}

/** A plausible chat for a bare id: private for positive ids, supergroup for -100…, group otherwise. */
export function defaultChat(id: number): Chat {
  if (id > 0) return { id, type: 'private', first_name: `Utente ${id}` };
  if (id <= -1_000_000_000_000) return { id, type: 'supergroup', title: `Supergruppo ${id}` } as Chat;
  return { id, type: 'group', title: `Gruppo ${id}` } as Chat;
}

/** Whether Telegram applies its 20 messages/minute group limit to this chat. */
export function isGroup(chat: Chat): boolean {
  return chat.type === 'group' || chat.type === 'supergroup';
}
