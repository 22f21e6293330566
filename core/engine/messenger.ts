import type { AdapterRegistry } from '../channel/adapter-registry.js';
import type { DeliveryResult } from '../channel/delivery-result.js';
import { toPlainText } from '../channel/formatted-text.js';
import type { OutboundMessage } from '../channel/outbound.js';
import { channelTexts } from '../i18n/channel-texts.js';
import type { Translator } from '../i18n/translator.js';
import type { Logger } from '../log.js';
import { ChannelIdentity } from '../storage/entities/channel-identity.js';
import { MessageLog } from '../storage/entities/message-log.js';
import { Person } from '../storage/entities/person.js';
import type { TenantInfo } from '../tenancy/tenant-info.js';
import type { TenantService } from '../tenancy/tenant-service.js';

/** Longest text kept in the history per message. */
export const HISTORY_TEXT_MAX = 2000;

/**
 * Sends one message to a person's channel identity outside a turn (an operator's answer, a report's
 * outcome). Broadcasts go through the notification outbox instead, which is rate-limited and durable.
 *
 * @example
 * const result = await messenger.send(tenant, identityId, { text: plain('Risposta del Comune') });
 * if (result.status !== 'delivered') log.warn(result);
 */
export class Messenger {
  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly tenants: TenantService,
    private readonly log: Logger,
    private readonly translator: Translator,
  ) {}

  async send(tenant: TenantInfo, identityId: number, message: OutboundMessage): Promise<DeliveryResult> {
    const em = this.tenants.scopedEm(tenant.id);
    const identity = await em.findOne(ChannelIdentity, { id: identityId });
    if (!identity) return { status: 'recipient-gone', reason: 'unknown' };
    if (!identity.active) return { status: 'recipient-gone', reason: 'blocked' };
    const adapter = this.adapters.forRef(identity.address);
    if (!adapter) return { status: 'permanent', reason: `no adapter running for ${identity.channel}/${identity.account}` };
    const person = await em.findOne(Person, { id: identity.person.id }, { fields: ['locale'] });
    const texts = channelTexts(this.translator, person?.locale ?? tenant.defaultLocale, tenant.texts);
    const result = await adapter.send(identity.address, message, undefined, { lastInboundAt: identity.lastInboundAt ?? null, texts });
    if (result.status === 'recipient-gone') await em.nativeUpdate(ChannelIdentity, { id: identity.id }, { active: false, inactiveReason: result.reason });
    if (result.status === 'delivered') {
      em.create(MessageLog, { tenant: tenant.id, person: identity.person, identity, direction: 'out', kind: 'proactive', text: historyText(message) });
      await em.flush();
    } else {
      this.log.warn({ tenant: tenant.slug, identity: identity.id, result }, 'proactive message not delivered');
    }
    return result;
  }
}

/** The text kept in the history for an outbound message. */
export function historyText(message: OutboundMessage): string {
  const parts = [message.text ? toPlainText(message.text) : '', message.attachment ? `[${message.attachment.kind}: ${message.attachment.media.fileName}]` : ''];
  return parts.filter(Boolean).join(' ').slice(0, HISTORY_TEXT_MAX);
}
