import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/**
 * A tenant's account on a channel (its Telegram bot, its WhatsApp number) with the credentials the
 * adapter needs. `config` holds secrets: it is never returned by the API nor logged.
 *
 * @example
 * em.create(ChannelAccount, { tenant, channel: 'telegram', name: 'default', config: { token } });
 */
export const ChannelAccount = defineEntity({
  name: 'ChannelAccount',
  tableName: 'channel_account',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'channel', 'name'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    channel: p.string().length(32),
    name: p.string().length(64),
    config: p.json<Record<string, unknown>>(),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type ChannelAccount = InferEntity<typeof ChannelAccount>;
