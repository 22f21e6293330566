import type { DeliveryResult } from '../channel/delivery-result.js';
import { toPlainText } from '../channel/formatted-text.js';
import type { OutboundMessage } from '../channel/outbound.js';
import { channelTexts } from '../i18n/channel-texts.js';
import type { Translator } from '../i18n/translator.js';
import type { Logger } from '../log.js';
import type { OutboundQueue } from '../outbox/outbound-queue.js';
import { ChannelIdentity } from '../storage/entities/channel-identity.js';
import { Delivery } from '../storage/entities/delivery.js';
import { MessageLog } from '../storage/entities/message-log.js';
import { Person } from '../storage/entities/person.js';
import type { TenantInfo } from '../tenancy/tenant-info.js';
import type { TenantService } from '../tenancy/tenant-service.js';

/** Longest text kept in the history per message. */
export const HISTORY_TEXT_MAX = 2000;

/**
 * Sends one message to a person's channel identity outside a turn (an operator's answer, a report's
 * outcome, a task for a squad). It goes through the outbox of the person's account like every other
 * message (`direct` priority: after replies and urgent notices, before routine notices), so it shares
 * the account's rate budget, waits out a 429 instead of being lost, and survives a restart.
 *
 * @example
 * const result = await messenger.send(tenant, identityId, { text: plain('Risposta del Comune') });
 * if (result.status !== 'delivered') log.warn(result); // e.g. 'transient': queued, sent later
 */
export class Messenger {
  constructor(
    private readonly tenants: TenantService,
    private readonly outbound: OutboundQueue,
    private readonly log: Logger,
    private readonly translator: Translator,
  ) {}

  /**
   * Queues the message and resolves with its first outcome at the channel: `delivered`, a failure
   * (`recipient-gone`, `window-closed`, `permanent`), or `transient` / `rate-limited` when it went back
   * to the queue (it is still sent later). Recorded in the person's history when queued.
   * `options.priority: 'urgent'` puts it with civil-protection notices (an urgent task for a squad).
   */
  async send(tenant: TenantInfo, identityId: number, message: OutboundMessage, options: SendOptions = {}): Promise<DeliveryResult> {
    if (!message.text?.length && !message.attachment && !message.template) throw new Error('messenger.send() needs text, an attachment or a template.');
    const em = this.tenants.scopedEm(tenant.id);
    const identity = await em.findOne(ChannelIdentity, { id: identityId });
    if (!identity) return { status: 'recipient-gone', reason: 'unknown' };
    if (!identity.active) return { status: 'recipient-gone', reason: 'blocked' };
    const person = await em.findOne(Person, { id: identity.person.id }, { fields: ['locale'] });
    const locale = person?.locale ?? tenant.defaultLocale;
    const planned = await this.outbound.plan(
      { tenantId: tenant.id, identityId: identity.id, address: identity.address, lastInboundAt: identity.lastInboundAt?.getTime() ?? null, locale },
      [message], 'direct', { texts: channelTexts(this.translator, locale, tenant.texts), ...(options.priority ? { priority: options.priority } : {}) },
    );
    const rows = planned.rows.map((row) => em.create(Delivery, { ...row, identity }));
    em.create(MessageLog, { tenant: tenant.id, person: identity.person, identity, direction: 'out', kind: 'proactive', text: historyText(message) });
    await em.flush();
    const [result] = await this.outbound.committed(planned, rows.map((row) => row.id));
    if (result && result.status !== 'delivered') this.log.warn({ tenant: tenant.slug, identity: identity.id, result }, 'proactive message not delivered yet');
    return result ?? { status: 'permanent', reason: 'nothing was queued' };
  }
}

/** Options of `Messenger.send`. */
export interface SendOptions {
  /** Default `direct` (after replies and urgent notices, before routine notices); `urgent` for emergencies. */
  readonly priority?: 'urgent' | 'direct';
}

/** The text kept in the history for an outbound message. */
export function historyText(message: OutboundMessage): string {
  const parts = [message.text ? toPlainText(message.text) : '', message.attachment ? `[${message.attachment.kind}: ${message.attachment.media.fileName}]` : ''];
  return parts.filter(Boolean).join(' ').slice(0, HISTORY_TEXT_MAX);
}
