import { deleteInBatches, type AdapterRuntime, type RetentionStep } from '../../core/index.js';
import type { MediaStore } from './media-store.js';
import { WebchatMessage } from './webchat-message.js';

/**
 * The web chat's retention step (registered with `runtime.onRetention` when the adapter starts): the
 * history follows the tenant's conversation retention, a person's shared positions (the only place
 * their coordinates are kept) its location retention, and uploads (the bubbles and the files) its
 * inbound media retention. Outbound copies of notice media (`out/…`) are the comune's and stay.
 *
 * @example
 * runtime.onRetention(webchatRetention(runtime.persistence, media));
 */
export function webchatRetention(persistence: Pick<AdapterRuntime['persistence'], 'em'>, media: MediaStore): RetentionStep {
  return async ({ tenant, conversationBefore, inboundMediaBefore, locationBefore, batchSize }) => {
    const em = persistence.em(tenant.id);
    const inbound = { tenant: tenant.id, direction: 'in' as const };
    const positions = await deleteInBatches(em, WebchatMessage, { ...inbound, body: { location: { $ne: null } }, createdAt: { $lt: locationBefore } }, { batchSize });
    const uploads = await deleteInBatches(em, WebchatMessage, { ...inbound, body: { attachment: { $ne: null } }, createdAt: { $lt: inboundMediaBefore } }, { batchSize });
    const files = await media.removeUploadsBefore(tenant.slug, inboundMediaBefore);
    const messages = await deleteInBatches(em, WebchatMessage, { tenant: tenant.id, createdAt: { $lt: conversationBefore } }, { batchSize });
    return { messages, positions, uploads, files };
  };
}
