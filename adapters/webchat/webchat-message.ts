import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../core/index.js';
import type { RenderedMessage } from './mapping.js';

/**
 * One message of a web chat conversation, as the browser renders it: the rendered JSON of what the
 * comune sent (spans, buttons, media URLs) or what the person sent. The web chat keeps its own history
 * because a browser tab, unlike a phone app, holds nothing: a reload or the next visit rebuilds the
 * conversation from these rows, and notices sent while the tab was closed wait here.
 *
 * Rows are keyed by the session (the conversation's `chatId`), not by person: the adapter records an
 * inbound message before the engine has resolved a person. Erasure finds the sessions through the
 * person's `webchat` channel identities (see `WebchatAdapter.start`); retention deletes them by age
 * (`webchatRetention`).
 *
 * @example
 * await em.find(WebchatMessage, { session }, { orderBy: { id: 'asc' }, limit: 200 });
 */
export const WebchatMessage = defineEntity({
  name: 'WebchatMessage',
  tableName: 'webchat_message',
  filters: tenantScope,
  // (tenant, createdAt): the retention step's range scan.
  indexes: [{ properties: ['tenant', 'session', 'id'] }, { properties: ['tenant', 'createdAt'] }],
  uniques: [{ properties: ['tenant', 'session', 'clientId'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    /** The session id: the conversation's `chatId`. */
    session: p.string().length(64),
    direction: p.enum(['in', 'out']),
    /** The browser's id for an inbound message: a resend after a reconnect is recorded once. */
    clientId: p.string().length(64).nullable(),
    body: p.json<RenderedMessage>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type WebchatMessage = InferEntity<typeof WebchatMessage>;
