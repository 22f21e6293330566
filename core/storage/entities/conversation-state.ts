import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ChannelIdentity } from './channel-identity.js';
import { Person } from './person.js';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/**
 * The persisted state of one conversation (one channel identity): the active dialog and step, the last
 * choices offered (so "2" can answer a numbered list) and per-module scratch data.
 *
 * @example
 * state.data.dialog = { id: 'reports.new', step: 'location', data: {} };
 */
export const ConversationState = defineEntity({
  name: 'ConversationState',
  tableName: 'conversation_state',
  filters: tenantScope,
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    identity: p.manyToOne(ChannelIdentity).deleteRule('cascade').unique(),
    person: p.manyToOne(Person).deleteRule('cascade').index(),
    data: p.json<ConversationData>(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type ConversationState = InferEntity<typeof ConversationState>;

/** JSON shape of a conversation's state. */
export interface ConversationData {
  dialog?: { id: string; step: string; data: Record<string, unknown> } | undefined;
  /** Payloads of the last choices offered, in order: a bare number answers them. */
  choices?: string[] | undefined;
  /** Scratch data per module name. */
  modules?: Record<string, Record<string, unknown>>;
}
