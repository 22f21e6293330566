/**
 * Operators' answers that WhatsApp refused because the person's 24-hour window had closed. The answer
 * is stored as held, the person gets the comune's approved "you have a reply" template (mapped like the
 * notices' templates: `Tenant.settings.templates.<channel>.replyWaiting`), and the held answers go out,
 * in order, in the reply to the person's next message (the window is open again then).
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Person, plain, Tenant, templateFor, type DeliveryResult, type ModuleServices, type OutboundMessage, type TenantInfo, type TurnContext } from '../../../core/internal.js';
import { HandoffMessage, type HandoffConversation } from '../entities/index.js';

/**
 * The channel message of a stored operator answer (text, or an image/document of the comune's media
 * library with the text as caption); null when its file is gone from the library.
 */
export async function outboundOf(services: ModuleServices, tenantId: number, m: Pick<HandoffMessage, 'text' | 'mediaId'>): Promise<OutboundMessage | null> {
  const text = m.text ?? '';
  if (!m.mediaId) return text ? { text: plain(text) } : null;
  const media = await services.media.source(tenantId, m.mediaId);
  if (!media) return text ? { text: plain(text) } : null;
  return { attachment: { kind: media.mimeType.startsWith('image/') ? 'image' : 'document', media, ...(text ? { caption: plain(text) } : {}) } };
}

/**
 * Tells the person an answer is waiting, with the comune's "reply waiting" template. Returns a warning
 * for the operator when the person will not be told (no template mapped, or the channel refused it);
 * the answer stays held either way and goes out when the person writes.
 *
 * @example
 * const warning = await announceHeld(services, tenant, conversation);
 */
export async function announceHeld(services: ModuleServices, tenant: TenantInfo, c: HandoffConversation): Promise<string | undefined> {
  const em = services.tenants.scopedEm(tenant.id);
  const row = await em.findOne(Tenant, { id: tenant.id }, { filters: false, fields: ['settings'] });
  const channel = c.identity.channel;
  const template = templateFor(row?.settings, channel, { kind: 'reply-waiting' }, { comune: tenant.name });
  if (!template) {
    return `The person's 24-hour ${channel} window has closed and the comune has no "reply waiting" template mapped (settings.templates.${channel}.replyWaiting): the answer is kept and goes out when the person writes again, but they are not told it is waiting.`;
  }
  const person = await em.findOne(Person, { id: c.person.id }, { fields: ['locale'] });
  const locale = person?.locale ?? tenant.defaultLocale;
  // The text goes where the channel still takes free-form messages; the template where it does not.
  const text = services.translator.text(locale, 'handoff.reply_waiting', { comune: tenant.name }, tenant.texts);
  let result: DeliveryResult;
  try {
    result = await services.messenger.send(tenant, c.identity.id, { text, template });
  } catch (error) {
    services.log.error({ err: error, module: 'handoff', conversation: c.id }, 'reply-waiting template not queued');
    return 'The "reply waiting" template could not be queued: the answer is kept and goes out when the person writes again.';
  }
  if (result.status === 'delivered' || result.status === 'transient' || result.status === 'rate-limited') return undefined;
  services.log.warn({ module: 'handoff', conversation: c.id, result }, 'reply-waiting template refused');
  return `The "reply waiting" template "${template.name}" was refused (${result.status}${'reason' in result ? `: ${result.reason}` : ''}): the answer is kept and goes out when the person writes again.`;
}

/**
 * In the person's turn: every held answer of theirs, oldest first, claimed one by one with a
 * conditional update (two processes never send the same one) and added to the turn's replies.
 * Returns how many went out.
 *
 * @example
 * const released = await releaseHeld(ctx, em, services);
 */
export async function releaseHeld(ctx: TurnContext, em: SqlEntityManager, services: ModuleServices): Promise<number> {
  const held = await em.find(HandoffMessage, { held: true, conversation: { person: ctx.person.id } }, { orderBy: { id: 'asc' } });
  let released = 0;
  for (const m of held) {
    if ((await em.nativeUpdate(HandoffMessage, { id: m.id, held: true }, { held: false })) !== 1) continue;
    const message = await outboundOf(services, ctx.tenant.id, m);
    if (!message) {
      ctx.log.warn({ module: 'handoff', message: m.id }, 'held answer has nothing left to send (its file was removed)');
      continue;
    }
    ctx.reply(message);
    released += 1;
  }
  if (released) ctx.log.info({ module: 'handoff', released }, 'held handoff answers delivered');
  return released;
}
