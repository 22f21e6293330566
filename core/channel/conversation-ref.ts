/**
 * Where a conversation lives on its channel: everything an adapter needs to write to the person again,
 * minutes or days later. The engine stores it on the channel identity; the outbox copies it per delivery.
 *
 * @example
 * const ref: ConversationRef = { tenant: 'esempio', channel: 'telegram', account: 'default', chatId: '42' };
 * await adapter.send(ref, { text: plain('Ciao') });
 */
export interface ConversationRef {
  /** Tenant slug the adapter instance received the message for. */
  readonly tenant: string;
  /** Channel kind, equal to the adapter's `channel`. */
  readonly channel: string;
  /** Channel account (one bot, one phone number) within the tenant; `default` when there is one. */
  readonly account: string;
  /** The channel's id of the chat; unique within (tenant, channel, account). */
  readonly chatId: string;
  /** Channel-specific extras the adapter needs to reply (e.g. a Bot Framework service URL). JSON only. */
  readonly extra?: Readonly<Record<string, string | number | boolean | null>>;
}

/** Key that identifies one conversation across the engine (locks, dedupe, logs). */
export function conversationKey(ref: ConversationRef): string {
  return `${ref.tenant}/${ref.channel}/${ref.account}/${ref.chatId}`;
}
