/**
 * Reading and writing handoff conversations: the open one of a person, new requests, messages, closes.
 * Citizen-side writes use their own tenant-scoped `em` and flush at once, so the inbox (another
 * process, maybe) sees the message as soon as it is announced, whatever the rest of the turn does.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { HandoffConversation, HandoffMessage, OPEN_STATES, OperatorPresence, type HandoffMessageKind, type HandoffState } from '../entities/index.js';

/**
 * The person's open conversation (waiting, live or deferred), or null.
 *
 * @example
 * const open = await openConversationOf(em, person.id);
 */
export async function openConversationOf(em: SqlEntityManager, personId: number): Promise<HandoffConversation | null> {
  return em.findOne(HandoffConversation, { person: personId, state: { $in: [...OPEN_STATES] } }, { orderBy: { id: 'desc' } });
}

/** How many operators of the tenant are online now (their presence has not expired). */
export async function onlineOperators(em: SqlEntityManager, now: Date): Promise<number> {
  return em.count(OperatorPresence, { status: 'online', expiresAt: { $gt: now } });
}

/** A message to store: text, a file of the tenant's media library, or a position. */
export interface MessageInput {
  readonly kind: HandoffMessageKind;
  readonly text?: string | null;
  readonly mediaId?: string | null;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly authorId?: number;
  /** An operator's answer the channel refused outside its reply window (sent with the person's next message). */
  readonly held?: boolean;
}

/**
 * Stores one message of a conversation and its activity time (not flushed).
 *
 * @example
 * const message = addMessage(em, conversation, 'in', { kind: 'text', text: 'Buongiorno' }, new Date());
 * await em.flush();
 */
export function addMessage(em: SqlEntityManager, conversation: HandoffConversation, direction: 'in' | 'out', input: MessageInput, now: Date): HandoffMessage {
  conversation.lastActivityAt = now;
  return em.create(HandoffMessage, {
    tenant: conversation.tenant, conversation, direction, kind: input.kind, text: input.text ?? null, mediaId: input.mediaId ?? null,
    authorId: input.authorId ?? null, latitude: input.latitude ?? null, longitude: input.longitude ?? null, held: input.held ?? false, createdAt: now,
  });
}

/** Inbound messages of the conversation since `since` (the flood limit counts them). */
export async function inboundSince(em: SqlEntityManager, conversationId: number, since: Date): Promise<number> {
  return em.count(HandoffMessage, { conversation: conversationId, direction: 'in', createdAt: { $gt: since } });
}

/**
 * Moves a conversation from one of `from` to `to` in one conditional statement, so two processes (two
 * operators, an operator and the safety net) never both win: the loser sees 0 rows changed.
 *
 * @example
 * const won = await moveState(em, id, ['waiting', 'deferred'], 'live', { operatorId: user.id });
 */
export async function moveState(
  em: SqlEntityManager, id: number, from: readonly HandoffState[], to: HandoffState,
  set: Partial<Pick<HandoffConversation, 'operatorId' | 'office' | 'waitingSince' | 'closedAt' | 'closedBy' | 'firstResponseAt' | 'lastActivityAt'>> = {},
): Promise<boolean> {
  const changed = await em.nativeUpdate(HandoffConversation, { id, state: { $in: [...from] } }, { state: to, ...set });
  return changed === 1;
}
