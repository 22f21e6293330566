/**
 * What the caller knows about the recipient at send time, for channels whose rules depend on it. Passed
 * as the optional fourth argument of `ChannelAdapter.send`; adapters that need nothing ignore it, and
 * callers that know nothing omit it (the adapter then decides as if the fact were unknown).
 *
 * Why an argument and not `ConversationRef.extra`: the ref is copied by the outbox when a broadcast is
 * planned and would carry a stale time; the caller reads the identity when it sends (the engine has the
 * message in hand, the messenger loads the identity, the outbox claim joins `channel_identity`).
 *
 * @example
 * await adapter.send(ref, message, signal, { lastInboundAt: identity.lastInboundAt });
 * // WhatsApp: outside 24 h only `message.template` may go, else the result is 'window-closed'.
 */
export interface SendContext {
  /** The person's last message on this identity (`ChannelIdentity.lastInboundAt`); null when never. */
  readonly lastInboundAt?: Date | null;
  /** The words a channel adds around what it renders, in the recipient's language (see `channelTexts`). */
  readonly texts?: ChannelTexts;
}

/**
 * Words an adapter adds that the message does not carry: the button that opens a list, the line after
 * a numbered list of choices, the body of a message that has only choices. The caller resolves them in
 * the person's language (core/i18n `channel.*` keys, tenant overrides included); an adapter uses its
 * own defaults when they are missing (e.g. a broadcast, which carries no choices).
 */
export interface ChannelTexts {
  readonly listButton: string;
  readonly numberedHint: string;
  readonly choicePrompt: string;
}

/**
 * Whether a reply window of `hours` is open at `now` for a person last heard at `lastInboundAt`.
 * `undefined` when the caller did not say (the adapter may then try and let the channel decide).
 *
 * @example
 * replyWindowOpen(24, context.lastInboundAt, new Date()); // true | false | undefined
 */
export function replyWindowOpen(hours: number | null, lastInboundAt: Date | null | undefined, now: Date): boolean | undefined {
  if (hours === null) return true;
  if (lastInboundAt === undefined) return undefined;
  if (lastInboundAt === null) return false;
  return now.getTime() - lastInboundAt.getTime() < hours * 3_600_000;
}
