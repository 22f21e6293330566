/**
 * Files in a handoff conversation: the operator sends one (an image or a PDF, stored in the comune's
 * media library and sent like any answer, through the outbox), and reads the ones the conversation holds.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { MEDIA_TYPES, type AdminUpload, type MediaSource, type TenantInfo } from '../../../core/internal.js';
import { HandoffMessage } from '../entities/index.js';
import { reply, requireAnswerable, type Operator, type OperatorDeps } from './operator-service.js';

/** What an operator may attach: the media library's types (JPEG, PNG, WebP ≤ 10 MB; PDF ≤ 20 MB). */
export const ATTACHMENT_TYPES: readonly string[] = Object.keys(MEDIA_TYPES);
/** The largest of them; each type's own limit is checked by the media library (413). */
export const ATTACHMENT_MAX_BYTES = Math.max(...Object.values(MEDIA_TYPES).map((m) => m.maxBytes));

/**
 * Sends an uploaded file to the person, with the form field `text` as its caption. The conversation is
 * checked before the file is read or stored, so a closed or foreign one keeps nothing.
 *
 * @example
 * handler: (req) => serviceReply(201, () => attach(req.em, deps, req.tenant, req.user, req.params.id, req.readFile))
 */
export async function attach(em: SqlEntityManager, deps: OperatorDeps, tenant: TenantInfo, operator: Operator, id: number, readFile: (() => Promise<AdminUpload>) | undefined) {
  await requireAnswerable(em, operator, id);
  if (!readFile) throw new Error('attach() runs on an upload route only: declare `upload` on the route.');
  // Read only now: a closed or foreign conversation is refused before any byte is read.
  const file = await readFile();
  // A MediaError (empty, wrong type, too large for its type) reaches the API as 400/415/413.
  const stored = await deps.services.media.upload(tenant.id, file.data, file.mimeType, file.fileName);
  const caption = file.fields.text?.slice(0, 4000);
  return reply(em, deps, tenant, operator, id, { mediaId: stored.id, ...(caption ? { text: caption } : {}) });
}

/**
 * A file of one of the conversation's messages (either way), or null: another conversation's file, an
 * unknown id, or bytes already pruned by retention all read the same.
 */
export async function conversationFile(em: SqlEntityManager, deps: OperatorDeps, tenant: TenantInfo, id: number, mediaId: string): Promise<MediaSource | null> {
  const message = await em.findOne(HandoffMessage, { conversation: id, mediaId });
  return message ? deps.services.media.source(tenant.id, mediaId) : null;
}
