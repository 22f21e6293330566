import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';
import { HandoffConversation } from './handoff-conversation.js';

/** `in`: the person wrote it; `out`: an operator answered it. */
export const HANDOFF_DIRECTIONS = ['in', 'out'] as const;
export type HandoffDirection = (typeof HANDOFF_DIRECTIONS)[number];

/** What a message carries: text, a file (media id in the tenant's library) or a position. */
export const HANDOFF_MESSAGE_KINDS = ['text', 'photo', 'video', 'audio', 'document', 'image', 'location', 'other'] as const;
export type HandoffMessageKind = (typeof HANDOFF_MESSAGE_KINDS)[number];

/**
 * One message of a handoff, either way, in order (`id`). Files are media ids of the tenant's library
 * (a person's files are recorded with their chat, so core erases and prunes the bytes with the person).
 *
 * @example
 * em.create(HandoffMessage, { tenant, conversation, direction: 'in', kind: 'text', text: 'Buongiorno' });
 */
export const HandoffMessage = defineEntity({
  name: 'HandoffMessage',
  tableName: 'handoff_message',
  filters: tenantScope,
  // (held, conversation): every message a person sends looks for their held answers (`releaseHeld`);
  // almost none are held, so this index answers it without reading the person's whole history.
  indexes: [{ properties: ['tenant', 'createdAt'] }, { properties: ['held', 'conversation'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    conversation: p.manyToOne(HandoffConversation).deleteRule('cascade').index(),
    direction: p.string().length(8),
    kind: p.string().length(16),
    text: p.text().nullable(),
    mediaId: p.string().length(128).nullable(),
    /** The operator who wrote an `out` message. */
    authorId: p.integer().nullable(),
    /** A position the person shared. */
    latitude: p.double().nullable(),
    longitude: p.double().nullable(),
    /**
     * An operator's answer WhatsApp refused (the 24-hour window had closed): kept here, the person got
     * the comune's "you have a reply" template, and it goes out as soon as they write again.
     */
    held: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type HandoffMessage = InferEntity<typeof HandoffMessage>;
