/**
 * The operators' side: the inbox, one conversation with its context, and the actions (take, transfer,
 * reply, note, close). State changes are single conditional statements (`moveState`), so two operators
 * in two processes never both take a conversation; replies go through the messenger (the outbox: the
 * account's rate budget, retries, survives a restart) and are stored with the conversation.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { AdminUser, MessageLog, plain, type DeliveryResult, type ModuleServices, type OutboundMessage, type TenantInfo } from '../../../core/internal.js';
import { HandoffCannedReply, HandoffConversation, HandoffMessage, HandoffNote, OPEN_STATES, type HandoffState } from '../entities/index.js';
import { fillPlaceholders } from './canned-replies.js';
import { addMessage, moveState } from './conversation-store.js';
import { announceHeld } from './held-replies.js';
import { HandoffError } from './handoff-error.js';
import type { HandoffMetrics } from './handoff-metrics.js';
import { loadHandoffSettings } from './handoff-settings.js';
import type { HandoffEvents } from './live-events.js';
import { ratingChoices } from './rating.js';

/** What the operator actions need besides the request. */
export interface OperatorDeps {
  readonly services: ModuleServices;
  readonly events: HandoffEvents;
  readonly now: () => Date;
  readonly metrics?: HandoffMetrics;
}

/** Who acts. */
export interface Operator {
  readonly id: number;
  readonly email: string;
}

/** How many bot exchanges before the request the inbox shows as context. */
export const CONTEXT_MESSAGES = 10;

/** Inbox filters: `open` is waiting + deferred + live. */
export const INBOX_FILTERS = ['open', 'waiting', 'deferred', 'live', 'closed', 'mine'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

function statesOf(filter: InboxFilter): HandoffState[] {
  switch (filter) {
    case 'open': case 'mine': return [...OPEN_STATES];
    default: return [filter];
  }
}

/** One conversation as the inbox lists it. */
export function summary(c: HandoffConversation, last: HandoffMessage | undefined) {
  return {
    id: c.id, state: c.state as HandoffState, personId: c.person.id, channel: c.identity.channel, operatorId: c.operatorId ?? null, office: c.office ?? null,
    requestedAt: c.requestedAt.toISOString(), waitingSince: c.waitingSince.toISOString(), firstResponseAt: c.firstResponseAt?.toISOString() ?? null,
    lastActivityAt: c.lastActivityAt.toISOString(), closedAt: c.closedAt?.toISOString() ?? null, closedBy: c.closedBy ?? null, rating: c.rating ?? null,
    lastMessage: last ? { direction: last.direction as 'in' | 'out', kind: last.kind, text: last.text ?? null, at: last.createdAt.toISOString() } : null,
  };
}
export type ConversationSummary = ReturnType<typeof summary>;

/**
 * The inbox: longest waiting first (closed ones: most recently closed first), up to `limit`.
 *
 * @example
 * await listInbox(em, { filter: 'open', limit: 50 }, operator);
 */
export async function listInbox(em: SqlEntityManager, query: { filter?: InboxFilter; limit?: number }, operator: Operator): Promise<{ items: ConversationSummary[] }> {
  const filter = query.filter ?? 'open';
  const where = { state: { $in: statesOf(filter) }, ...(filter === 'mine' ? { operatorId: operator.id } : {}) };
  const rows = await em.find(HandoffConversation, where, {
    populate: ['identity'], limit: query.limit ?? 100,
    orderBy: filter === 'closed' ? { closedAt: 'desc', id: 'desc' } : { waitingSince: 'asc', id: 'asc' },
  });
  const lasts = await lastMessages(em, rows.map((r) => r.id));
  return { items: rows.map((r) => summary(r, lasts.get(r.id))) };
}

async function lastMessages(em: SqlEntityManager, ids: readonly number[]): Promise<Map<number, HandoffMessage>> {
  if (ids.length === 0) return new Map();
  const knex = em.getKnex();
  const latest = knex('handoff_message').max({ id: 'id' }).whereIn('conversation_id', ids).groupBy('conversation_id');
  const rows = await em.find(HandoffMessage, { id: { $in: (await latest).map((r) => Number(r.id)) } });
  return new Map(rows.map((m) => [m.conversation.id, m]));
}

/** One message as the conversation page shows it. */
export function messageView(m: HandoffMessage) {
  return {
    id: m.id, direction: m.direction as 'in' | 'out', kind: m.kind, text: m.text ?? null, mediaId: m.mediaId ?? null,
    latitude: m.latitude ?? null, longitude: m.longitude ?? null, authorId: m.authorId ?? null, at: m.createdAt.toISOString(), held: m.held,
  };
}

/**
 * A conversation with its messages in order, notes, the person's last bot exchanges before the
 * request and their earlier handoffs. 404 for a conversation of another comune (the scoped `em` does not see it).
 */
export async function conversationDetail(em: SqlEntityManager, id: number) {
  const c = await requireConversation(em, id);
  const [messages, notes, context, earlier] = await Promise.all([
    em.find(HandoffMessage, { conversation: id }, { orderBy: { id: 'asc' } }),
    em.find(HandoffNote, { conversation: id }, { orderBy: { id: 'asc' } }),
    em.find(MessageLog, { person: c.person.id, createdAt: { $lte: c.requestedAt } }, { orderBy: { id: 'desc' }, limit: CONTEXT_MESSAGES }),
    em.find(HandoffConversation, { person: c.person.id, id: { $ne: id } }, { populate: ['identity'], orderBy: { id: 'desc' }, limit: 20 }),
  ]);
  return {
    conversation: summary(c, messages.at(-1)),
    messages: messages.map(messageView),
    notes: notes.map((n) => ({ id: n.id, authorId: n.authorId, text: n.text, at: n.createdAt.toISOString() })),
    context: context.reverse().map((l) => ({ direction: l.direction, text: l.text, at: l.createdAt.toISOString() })),
    earlier: earlier.map((e) => summary(e, undefined)),
  };
}

async function requireConversation(em: SqlEntityManager, id: number): Promise<HandoffConversation> {
  const c = await em.findOne(HandoffConversation, { id }, { populate: ['identity'], refresh: true });
  if (!c) throw new HandoffError(404, 'HANDOFF_NOT_FOUND', `Handoff conversation ${id} does not exist in this comune: list them with GET …/handoff/conversations.`);
  return c;
}

/**
 * The conversation, if `operator` may answer it now: live and theirs. 404 (another comune's or none),
 * 409 (closed, waiting, or another operator's).
 */
export async function requireAnswerable(em: SqlEntityManager, operator: Operator, id: number): Promise<HandoffConversation> {
  const c = await requireConversation(em, id);
  if (c.state !== 'live') throw c.state === 'closed' ? refuse(c, 'answered') : new HandoffError(409, 'HANDOFF_NOT_YOURS', `Conversation ${id} is ${c.state}: take it first (POST …/conversations/${id}/take).`);
  if (c.operatorId !== operator.id) throw new HandoffError(409, 'HANDOFF_NOT_YOURS', `Conversation ${id} is with operator ${c.operatorId}: ask them to transfer it to you.`);
  return c;
}

/** Why a conversation in `state` cannot be acted on: 409 with what to do. */
function refuse(c: HandoffConversation, wanted: string): HandoffError {
  if (c.state === 'closed') return new HandoffError(409, 'HANDOFF_CLOSED', `Conversation ${c.id} is closed: the person is back with the bot and can ask again with /operatore.`);
  return new HandoffError(409, 'HANDOFF_ALREADY_TAKEN', `Conversation ${c.id} is ${c.state}${c.operatorId ? ` with operator ${c.operatorId}` : ''}: it cannot be ${wanted} now. Reload the inbox.`);
}

/**
 * Takes a waiting or deferred conversation: one statement, so of two operators at once one wins and
 * the other gets 409. The person is told someone is with them.
 */
export async function take(em: SqlEntityManager, deps: OperatorDeps, tenant: TenantInfo, operator: Operator, id: number) {
  const c = await requireConversation(em, id);
  if (!(await moveState(em, id, ['waiting', 'deferred'], 'live', { operatorId: operator.id }))) throw refuse(await requireConversation(em, id), 'taken');
  deps.metrics?.observeWait(tenant.slug, Math.max(0, (deps.now().getTime() - c.waitingSince.getTime()) / 1000));
  await deps.events.emit({ tenantId: tenant.id, conversationId: id, kind: 'state' });
  await sendSystem(deps, tenant, c, 'handoff.taken');
  return conversationDetail(em, id);
}

/**
 * Hands a live conversation to another operator of the comune (stays live, theirs) or to an office
 * (back to the queue, any operator may take it).
 */
export async function transfer(em: SqlEntityManager, deps: OperatorDeps, tenant: TenantInfo, operator: Operator, id: number, to: { operatorId?: number; office?: string }) {
  const c = await requireConversation(em, id);
  if (c.state === 'closed') throw refuse(c, 'transferred');
  if ((to.operatorId === undefined) === (to.office === undefined)) throw new HandoffError(400, 'HANDOFF_BAD_TRANSFER', 'Give either operatorId (another operator of this comune) or office (one of the comune\'s offices), not both.');
  let moved: boolean;
  if (to.operatorId !== undefined) {
    const user = await em.findOne(AdminUser, { id: to.operatorId, tenant: tenant.id, active: true });
    if (!user) throw new HandoffError(400, 'HANDOFF_BAD_TRANSFER', `User ${to.operatorId} is not an active user of this comune: pick one from the comune's users.`);
    moved = await moveState(em, id, [...OPEN_STATES], 'live', { operatorId: user.id });
  } else {
    const settings = await loadHandoffSettings(em, tenant.id);
    if (!settings.offices.includes(to.office ?? '')) throw new HandoffError(400, 'HANDOFF_BAD_TRANSFER', `"${to.office}" is not one of the comune's offices (${settings.offices.join(', ') || 'none set'}): add it in the handoff settings first.`);
    moved = await moveState(em, id, [...OPEN_STATES], 'waiting', { operatorId: null, office: to.office ?? null, waitingSince: deps.now() });
  }
  if (!moved) throw refuse(await requireConversation(em, id), 'transferred');
  await deps.events.emit({ tenantId: tenant.id, conversationId: id, kind: 'state' });
  return conversationDetail(em, id);
}

/** What an operator sends: text, a file of the comune's media library, or a canned reply. */
export interface ReplyInput {
  readonly text?: string;
  readonly mediaId?: string;
  readonly cannedReplyId?: number;
}

/**
 * Answers the person in their chat. Only the operator who has the conversation (live) answers; a
 * closed one answers 409, an empty reply 400. The message is stored once the outbox has it.
 */
export async function reply(em: SqlEntityManager, deps: OperatorDeps, tenant: TenantInfo, operator: Operator, id: number, input: ReplyInput) {
  const c = await requireAnswerable(em, operator, id);
  let text = input.text?.trim() ?? '';
  if (input.cannedReplyId !== undefined) {
    const canned = await em.findOne(HandoffCannedReply, { id: input.cannedReplyId });
    if (!canned) throw new HandoffError(404, 'HANDOFF_NOT_FOUND', `Canned reply ${input.cannedReplyId} does not exist in this comune: list them with GET …/handoff/canned-replies.`);
    text = [text, await fillPlaceholders(em, canned.text, tenant, operator)].filter(Boolean).join('\n\n');
  }
  const media = input.mediaId ? await deps.services.media.source(tenant.id, input.mediaId) : null;
  if (input.mediaId && !media) throw new HandoffError(400, 'HANDOFF_BAD_MEDIA', `Media ${input.mediaId} was not uploaded for this comune: upload the file first (POST …/media).`);
  if (!text && !media) throw new HandoffError(400, 'HANDOFF_EMPTY_REPLY', 'The reply is empty: write a text, pick a canned reply or attach a file.');
  const message: OutboundMessage = media
    ? { attachment: { kind: media.mimeType.startsWith('image/') ? 'image' : 'document', media, ...(text ? { caption: plain(text) } : {}) } }
    : { text: plain(text) };
  const delivery = await deps.services.messenger.send(tenant, c.identity.id, message);
  if (delivery.status === 'recipient-gone' || delivery.status === 'permanent') {
    throw new HandoffError(409, 'HANDOFF_NOT_SENT', `The reply could not be delivered (${delivery.status}${'reason' in delivery ? `: ${delivery.reason}` : ''}): the person may have blocked the bot. Close the conversation.`);
  }
  // WhatsApp after 24 h: kept (held) and sent with the person's next message; they get the template now.
  const held = delivery.status === 'window-closed';
  const now = deps.now();
  const stored = addMessage(em, c, 'out', { kind: media ? (media.mimeType.startsWith('image/') ? 'image' : 'document') : 'text', text: text || null, mediaId: media?.id ?? null, authorId: operator.id, held }, now);
  c.firstResponseAt ??= now;
  await em.flush();
  await deps.events.emit({ tenantId: tenant.id, conversationId: id, kind: 'message', messageId: stored.id });
  // One "reply waiting" template per wait: later answers join the ones already held.
  const alreadyTold = held && (await em.count(HandoffMessage, { held: true, conversation: { person: c.person.id }, id: { $ne: stored.id } })) > 0;
  const warning = held && !alreadyTold ? await announceHeld(deps.services, tenant, c) : undefined;
  return { message: messageView(stored), delivery: held ? 'held' : deliveryStatus(delivery), ...(warning ? { warning } : {}) };
}

function deliveryStatus(result: DeliveryResult): string {
  return result.status;
}

/** An internal note; never sent to the person. Notes are allowed on closed conversations too. */
export async function addNote(em: SqlEntityManager, deps: OperatorDeps, tenant: TenantInfo, operator: Operator, id: number, text: string) {
  const c = await requireConversation(em, id);
  const trimmed = text.trim();
  if (!trimmed) throw new HandoffError(400, 'HANDOFF_EMPTY_REPLY', 'The note is empty: write something.');
  const note = em.create(HandoffNote, { tenant: tenant.id, conversation: c, authorId: operator.id, text: trimmed, createdAt: deps.now() });
  await em.flush();
  await deps.events.emit({ tenantId: tenant.id, conversationId: id, kind: 'note' });
  return { id: note.id, authorId: note.authorId, text: note.text, at: note.createdAt.toISOString() };
}

/** Closes an open conversation; the person is told and, where the comune asks for it, offered a rating. */
export async function close(em: SqlEntityManager, deps: OperatorDeps, tenant: TenantInfo, operator: Operator, id: number) {
  const c = await requireConversation(em, id);
  const now = deps.now();
  if (!(await moveState(em, id, [...OPEN_STATES], 'closed', { closedAt: now, closedBy: 'operator', operatorId: c.operatorId ?? operator.id }))) throw refuse(await requireConversation(em, id), 'closed');
  await deps.events.emit({ tenantId: tenant.id, conversationId: id, kind: 'state' });
  await sendSystem(deps, tenant, c, 'handoff.closed_by_operator', true);
  return conversationDetail(em, id);
}

/**
 * A message of the module to the person (taken, closed, deferred, idle) in their language, through
 * the messenger; a failure is logged, never thrown: the state change it reports already happened.
 */
export async function sendSystem(deps: Pick<OperatorDeps, 'services'>, tenant: TenantInfo, c: HandoffConversation, key: string, withRating = false): Promise<void> {
  const { services } = deps;
  try {
    const em = services.tenants.scopedEm(tenant.id);
    const person = await em.findOne(HandoffConversation, { id: c.id }, { populate: ['person'] });
    const locale = person?.person.locale ?? tenant.defaultLocale;
    const text = services.translator.text(locale, key, { comune: tenant.name }, tenant.texts);
    const settings = withRating ? await loadHandoffSettings(em, tenant.id) : null;
    const choices = settings ? ratingChoices((k) => services.translator.t(locale, k, {}, tenant.texts), settings.rating, c.id) : [];
    await services.messenger.send(tenant, c.identity.id, { text });
    if (choices.length) await services.messenger.send(tenant, c.identity.id, { text: services.translator.text(locale, 'handoff.rate_ask', {}, tenant.texts), choices });
  } catch (error) {
    services.log.error({ err: error, module: 'handoff', conversation: c.id, key }, 'handoff message to the person not sent');
  }
}
