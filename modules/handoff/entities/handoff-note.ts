import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';
import { HandoffConversation } from './handoff-conversation.js';

/**
 * An internal note on a handoff, between operators: never sent to the person.
 *
 * @example
 * em.create(HandoffNote, { tenant, conversation, authorId: user.id, text: 'Già segnalato all\'ufficio tecnico' });
 */
export const HandoffNote = defineEntity({
  name: 'HandoffNote',
  tableName: 'handoff_note',
  filters: tenantScope,
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    conversation: p.manyToOne(HandoffConversation).deleteRule('cascade').index(),
    authorId: p.integer(),
    text: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type HandoffNote = InferEntity<typeof HandoffNote>;
