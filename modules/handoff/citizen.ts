/**
 * The citizen's side of a handoff, in the chat: asking for a person (`/operatore`, the menu, phrases
 * such as "voglio parlare con una persona", the Q&A fallback's button), then, while the conversation
 * is open, everything they send goes to the operators (an intercept: the bot does not answer it),
 * except `/fine` (leave) and `/cancella` (erasure, handled by the base module). After a close the
 * person may rate the help, where the comune offers it.
 */
import { MediaError, type ModuleApi, type ModuleServices, type TurnContext, type With } from '../../core/internal.js';
import { HandoffConversation, type HandoffMessageKind } from './entities/index.js';
import { addMessage, inboundSince, onlineOperators, openConversationOf, moveState, type MessageInput } from './service/conversation-store.js';
import { loadHandoffSettings, officeStatus } from './service/handoff-settings.js';
import { releaseHeld } from './service/held-replies.js';
import { alertOperators, alertTargets } from './service/operator-alerts.js';
import type { HandoffEvents } from './service/live-events.js';
import { asksForPerson } from './service/phrases.js';
import { MAX_RATING, ratingChoices } from './service/rating.js';

/** What the citizen side needs besides the turn. */
export interface CitizenDeps {
  readonly services: ModuleServices;
  readonly events: HandoffEvents;
  readonly now: () => Date;
}

/** Commands that leave the handoff; `/cancella` and its aliases go on to the base module. */
const END_COMMANDS = ['fine', 'end'];
const PASS_COMMANDS = new Set(['cancella', 'delete', 'cancellami']);
const REQUEST_COMMANDS = ['operatore', 'human'];

/**
 * Registers the commands, menu entry, buttons and the intercept.
 *
 * @example
 * registerCitizen(api, { services: api.services, events, now: () => new Date() });
 */
export function registerCitizen(api: ModuleApi<TurnContext>, deps: CitizenDeps): void {
  api.command(REQUEST_COMMANDS, (ctx) => request(ctx, deps), { descriptionKey: 'handoff.cmd.request' });
  api.command(END_COMMANDS, async (ctx) => {
    const em = deps.services.tenants.scopedEm(ctx.tenant.id);
    const open = await openConversationOf(em, ctx.person.id);
    if (!open) return ctx.reply({ text: ctx.text('handoff.not_open') });
    await closeByCitizen(ctx, deps, open);
  }, { descriptionKey: 'handoff.cmd.end' });
  api.menu({ id: 'handoff.request', labelKey: 'handoff.menu.request', payload: 'handoff:request', order: 80 });
  api.button('handoff:request', (ctx) => request(ctx, deps));
  api.button('handoff:rate', (ctx) => rate(ctx, deps));
  // After the Q&A's "non lo so": a person, unless the conversation is already with one.
  api.fallbackOffer(async (ctx) => {
    const open = await openConversationOf(deps.services.tenants.scopedEm(ctx.tenant.id), ctx.person.id);
    return open ? null : { label: ctx.t('handoff.fallback_offer'), payload: 'handoff:request' };
  });
  api.intercept(async (ctx, next) => {
    const message = ctx.message;
    // Whatever the person sends reopens WhatsApp's window: answers held since it closed go out first.
    const released = await releaseHeld(ctx, deps.services.tenants.scopedEm(ctx.tenant.id), deps.services);
    // The "reply waiting" template's own button (its payload is the button text, not a module's): done.
    if (released > 0 && message.kind === 'button' && !message.payload.includes(':')) return;
    if (message.kind === 'command' && (PASS_COMMANDS.has(message.command) || END_COMMANDS.includes(message.command) || REQUEST_COMMANDS.includes(message.command))) return next();
    // Buttons (this module's, the erasure confirmation, an old menu) keep their meaning.
    if (message.kind === 'button') return next();
    const em = deps.services.tenants.scopedEm(ctx.tenant.id);
    const open = await openConversationOf(em, ctx.person.id);
    if (!open) {
      // Before commands' fallback and Q&A: "voglio parlare con una persona" wins over any Q&A entry.
      if (message.kind === 'text' && asksForPerson(message.text, ctx.t('handoff.phrases'))) return request(ctx, deps, message.text);
      return next();
    }
    await forward(ctx, deps, open);
  });
}

/** Opens a conversation (waiting when someone is online within office hours, deferred otherwise). */
async function request(ctx: TurnContext, deps: CitizenDeps, firstText?: string): Promise<void> {
  const em = deps.services.tenants.scopedEm(ctx.tenant.id);
  if (await openConversationOf(em, ctx.person.id)) return ctx.reply({ text: ctx.text('handoff.already_open', { comune: ctx.tenant.name }) });
  const now = deps.now();
  const settings = await loadHandoffSettings(em, ctx.tenant.id);
  const office = officeStatus(now, ctx.tenant.timezone, settings.officeHours);
  const staffed = office.open && (await onlineOperators(em, now)) > 0;
  const conversation = em.create(HandoffConversation, {
    tenant: ctx.tenant.id, person: ctx.person.id, identity: ctx.identity.id, state: staffed ? 'waiting' : 'deferred',
    operatorId: null, office: null, requestedAt: now, waitingSince: now, lastActivityAt: now,
    firstResponseAt: null, closedAt: null, closedBy: null, rating: null,
  });
  // The words that asked for a person are the first thing the operator reads.
  if (firstText) addMessage(em, conversation, 'in', { kind: 'text', text: firstText }, now);
  await em.flush();
  await deps.events.emit({ tenantId: ctx.tenant.id, conversationId: conversation.id, kind: 'created' });
  // Operators who asked for it hear on their Telegram: chosen now, sent without the person's answer waiting on it.
  const chats = await alertTargets(em, now);
  if (chats.length) void alertOperators(deps.services, ctx.tenant, chats, await em.count(HandoffConversation, { state: { $in: ['waiting', 'deferred'] } }));
  ctx.log.info({ module: 'handoff', conversation: conversation.id, state: conversation.state }, 'handoff requested');
  if (staffed) return ctx.reply({ text: ctx.text('handoff.waiting', { comune: ctx.tenant.name }) });
  const when = office.nextOpening ? formatWhen(office.nextOpening, ctx.locale, ctx.tenant.timezone) : null;
  ctx.reply({ text: when ? ctx.text('handoff.deferred_at', { when }) : ctx.text('handoff.deferred') });
}

/** Stores what the person sent for the operator (polite refusal above the flood limit). */
async function forward(ctx: TurnContext, deps: CitizenDeps, open: HandoffConversation): Promise<void> {
  const em = deps.services.tenants.scopedEm(ctx.tenant.id);
  const now = deps.now();
  const settings = await loadHandoffSettings(em, ctx.tenant.id);
  if ((await inboundSince(em, open.id, new Date(now.getTime() - 60_000))) >= settings.floodPerMinute) {
    ctx.log.warn({ module: 'handoff', conversation: open.id }, 'handoff flood limit reached');
    return ctx.reply({ text: ctx.text('handoff.flood') });
  }
  const input = await messageInput(ctx, deps.services);
  if (!input) return ctx.reply({ text: ctx.text('handoff.media_not_kept') });
  const conversation = await em.findOneOrFail(HandoffConversation, { id: open.id });
  const message = addMessage(em, conversation, 'in', input, now);
  await em.flush();
  await deps.events.emit({ tenantId: ctx.tenant.id, conversationId: open.id, kind: 'message', messageId: message.id });
}

/** The stored form of an inbound message; null for a file core's inbound policy refused. */
async function messageInput(ctx: TurnContext, services: ModuleServices): Promise<MessageInput | null> {
  const message = ctx.message;
  switch (message.kind) {
    case 'text': return { kind: 'text', text: message.text };
    case 'command': return { kind: 'text', text: `/${message.command}${message.argument ? ` ${message.argument}` : ''}` };
    case 'location': return { kind: 'location', latitude: message.latitude, longitude: message.longitude };
    case 'contact': return { kind: 'text', text: [message.name, message.phone].filter(Boolean).join(' ') };
    case 'media': {
      try {
        const bytes = await message.media.fetch();
        // Recorded with the person's chat: core erases and prunes the bytes with the person's other files.
        const stored = await services.media.keepInbound(ctx.tenant.id, bytes, message.media.mimeType, message.media.fileName ?? `${message.media.kind}`, message.ref);
        return { kind: message.media.kind satisfies HandoffMessageKind, mediaId: stored.id, text: message.caption ?? null };
      } catch (error) {
        if (error instanceof MediaError) return null;
        throw error;
      }
    }
    default: return { kind: 'other', text: `[${message.kind === 'unsupported' ? message.what : message.kind}]` };
  }
}

async function closeByCitizen(ctx: TurnContext, deps: CitizenDeps, open: HandoffConversation): Promise<void> {
  const em = deps.services.tenants.scopedEm(ctx.tenant.id);
  const now = deps.now();
  if (!(await moveState(em, open.id, ['waiting', 'live', 'deferred'], 'closed', { closedAt: now, closedBy: 'citizen', lastActivityAt: now }))) {
    return ctx.reply({ text: ctx.text('handoff.not_open') });
  }
  await deps.events.emit({ tenantId: ctx.tenant.id, conversationId: open.id, kind: 'state' });
  const settings = await loadHandoffSettings(em, ctx.tenant.id);
  ctx.reply({ text: ctx.text('handoff.closed_by_you') });
  const choices = ratingChoices((key) => ctx.t(key), settings.rating, open.id);
  if (choices.length) ctx.reply({ text: ctx.text('handoff.rate_ask'), choices });
}

/** `handoff:rate:<conversation>:<1-5>`: once, by the person, on a closed conversation of theirs. */
async function rate(ctx: With<TurnContext, 'button'>, deps: CitizenDeps): Promise<void> {
  const [, , idText, valueText] = ctx.message.payload.split(':');
  const id = Number(idText);
  const value = Number(valueText);
  const em = deps.services.tenants.scopedEm(ctx.tenant.id);
  const valid = Number.isInteger(id) && Number.isInteger(value) && value >= 1 && value <= MAX_RATING;
  const changed = valid ? await em.nativeUpdate(HandoffConversation, { id, person: ctx.person.id, state: 'closed', rating: null }, { rating: value }) : 0;
  if (changed !== 1) return ctx.reply({ text: ctx.text('handoff.rate_invalid') });
  await deps.events.emit({ tenantId: ctx.tenant.id, conversationId: id, kind: 'state' });
  ctx.reply({ text: ctx.text('handoff.rate_thanks') });
}

/** "lunedì 7 dicembre alle 09:00" in the person's language and the comune's timezone. */
export function formatWhen(date: Date, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone }).format(date);
}
