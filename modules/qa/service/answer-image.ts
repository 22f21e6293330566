/**
 * The optional image of an answer: it must be an image the comune uploaded (POST …/media) before an
 * entry may refer to it, and at answer time it becomes the `MediaSource` the channel uploads once and reuses.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { MediaFile, type MediaSource, type ModuleServices } from '../../../core/internal.js';
import { QaServiceError } from './qa-service-error.js';

/**
 * Refuses entries whose `imageMediaId` is not one of the tenant's uploaded images (`em` is tenant-scoped,
 * so another comune's file is not found either). Runs before anything is written.
 *
 * @example
 * await assertAnswerImages(em, [input], 'QA_INVALID_ENTRY'); // 400 when the image was never uploaded
 */
export async function assertAnswerImages(em: SqlEntityManager, entries: readonly { key: string; imageMediaId: string | null }[], code: 'QA_INVALID_ENTRY' | 'QA_BAD_IMPORT'): Promise<void> {
  const wanted = [...new Set(entries.flatMap((e) => (e.imageMediaId ? [e.imageMediaId] : [])))];
  if (wanted.length === 0) return;
  const found = new Map((await em.find(MediaFile, { hash: { $in: wanted } })).map((m) => [m.hash, m.mimeType]));
  for (const entry of entries) {
    const id = entry.imageMediaId;
    if (!id) continue;
    const mimeType = found.get(id);
    if (!mimeType) throw new QaServiceError(400, code, `Entry "${entry.key}": image ${id} was not uploaded for this comune: upload it with POST …/media and use the id it returns.`);
    if (!mimeType.startsWith('image/')) throw new QaServiceError(400, code, `Entry "${entry.key}": media ${id} is ${mimeType}, not an image: an answer can carry a JPEG, PNG or WebP image.`);
  }
}

/**
 * The stored image of an answer, ready for a reply, or null when it was deleted since (the answer then
 * goes as text alone rather than failing).
 *
 * @example
 * const image = await answerImage(api.services.media, tenant.id, entry.imageMediaId);
 */
export async function answerImage(media: ModuleServices['media'], tenantId: number, id: string | null): Promise<MediaSource | null> {
  if (!id) return null;
  const source = await media.source(tenantId, id);
  return source?.mimeType.startsWith('image/') ? source : null;
}
