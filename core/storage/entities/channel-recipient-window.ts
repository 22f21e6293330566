import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/**
 * One recipient counted against a channel account's rolling window of unique recipients (WhatsApp's
 * messaging tier): the persisted `RecipientQuota`. One row per account and person, its `countedAt` the
 * first message in the current window; rows older than the window are pruned by the next count, and
 * erasing the person deletes theirs. `account` is the key the adapter chose (WhatsApp: the phone number
 * id), so two tenants or processes with one number share one count.
 *
 * @example
 * const used = await em.count(ChannelRecipientWindow, { channel: 'whatsapp', account: phoneNumberId });
 */
export const ChannelRecipientWindow = defineEntity({
  name: 'ChannelRecipientWindow',
  tableName: 'channel_recipient_window',
  filters: tenantScope,
  uniques: [{ properties: ['channel', 'account', 'recipient'] }],
  indexes: [{ properties: ['channel', 'account', 'countedAt'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    channel: p.string().length(32),
    account: p.string().length(64),
    /** The chat id the channel addresses the person with (`ChannelIdentity.externalId`). */
    recipient: p.string().length(128),
    /** Epoch ms when the recipient was first counted in the current window. */
    countedAt: p.bigint('number'),
  }),
});
export type ChannelRecipientWindow = InferEntity<typeof ChannelRecipientWindow>;
