import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { ConversationRef } from '../../channel/conversation-ref.js';
import { Person } from './person.js';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/**
 * One way to reach a person: a Telegram chat, a WhatsApp user (keyed on the id the channel gives,
 * never the phone number), a web chat session. `address` is what the outbox needs to write days later.
 *
 * @example
 * const identity = await em.findOne(ChannelIdentity, { channel: 'telegram', account: 'default', externalId: '42' });
 */
export const ChannelIdentity = defineEntity({
  name: 'ChannelIdentity',
  tableName: 'channel_identity',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'channel', 'account', 'externalId'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    person: p.manyToOne(Person).deleteRule('cascade').index(),
    channel: p.string().length(32),
    account: p.string().length(64),
    externalId: p.string().length(128),
    address: p.json<ConversationRef>(),
    /** False once the person blocked the bot or the channel said they are gone. */
    active: p.boolean().default(true),
    inactiveReason: p.string().length(64).nullable(),
    /** Last message from the person: channels with a reply window need it. */
    lastInboundAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type ChannelIdentity = InferEntity<typeof ChannelIdentity>;
