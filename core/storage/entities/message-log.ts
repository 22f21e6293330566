import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ChannelIdentity } from './channel-identity.js';
import { Person } from './person.js';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/**
 * A person's conversation history: each inbound message and each reply, with a short text. Erased with
 * the person; deleted after the tenant's conversation retention (`messageLogRetention`).
 *
 * @example
 * await em.find(MessageLog, { person }, { orderBy: { id: 'asc' } });
 */
export const MessageLog = defineEntity({
  name: 'MessageLog',
  tableName: 'message_log',
  filters: tenantScope,
  // (tenant, createdAt): the retention job's range scan; without it each hourly run reads the whole table.
  indexes: [{ properties: ['person', 'createdAt'] }, { properties: ['tenant', 'createdAt'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    person: p.manyToOne(Person).deleteRule('cascade'),
    identity: p.manyToOne(ChannelIdentity).deleteRule('cascade').index(),
    direction: p.enum(['in', 'out']),
    kind: p.string().length(32),
    text: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type MessageLog = InferEntity<typeof MessageLog>;
