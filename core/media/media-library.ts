import type { Database } from '../storage/database.js';
import { MediaFile } from '../storage/entities/media-file.js';
import { MediaError } from './media-errors.js';
import type { MediaStore, StoredMedia } from './media-store.js';

/**
 * A tenant's media: stores the bytes in the `MediaStore` and records a `MediaFile` row per tenant, so
 * retention and erasure find the files a tenant uses. The bytes are deleted when no tenant refers to
 * them any more.
 *
 * @example
 * const image = await notifications.media.upload(tenant.id, bytes, 'image/jpeg', 'allerta.jpg');
 * await notices.create(tenant, { categoryKey: 'protezione-civile', title, text, imageMediaId: image.id });
 */
export class MediaLibrary {
  constructor(private readonly db: Database, readonly store: MediaStore) {}

  /** Validates and stores; throws `MediaError` (code, status, fix-it message) when refused. */
  async upload(tenantId: number, bytes: Uint8Array, declaredType: string | undefined, fileName: string): Promise<StoredMedia> {
    const media = await this.store.put(bytes, declaredType, fileName);
    const em = this.em(tenantId);
    const existing = await em.findOne(MediaFile, { hash: media.id });
    if (!existing) {
      em.create(MediaFile, { tenant: tenantId, hash: media.id, mimeType: media.mimeType, size: media.size, fileName: media.fileName });
      await em.flush();
    }
    return media;
  }

  /** The tenant's media with this id, or null (another tenant's file is not visible). */
  async get(tenantId: number, id: string): Promise<StoredMedia | null> {
    const row = await this.em(tenantId).findOne(MediaFile, { hash: id });
    return row ? { id: row.hash, mimeType: row.mimeType, size: row.size, fileName: row.fileName } : null;
  }

  /** The tenant's media or a `MediaError('MEDIA_NOT_FOUND')`. */
  async require(tenantId: number, id: string): Promise<StoredMedia> {
    const media = await this.get(tenantId, id);
    if (!media) throw new MediaError('MEDIA_NOT_FOUND', `Media ${id} was not uploaded for this comune: upload the file first.`, 404);
    return media;
  }

  /** Forgets the tenant's reference; removes the bytes when no tenant uses them. */
  async delete(tenantId: number, id: string): Promise<void> {
    await this.em(tenantId).nativeDelete(MediaFile, { hash: id });
    const others = await this.db.em.fork().count(MediaFile, { hash: id }, { filters: false });
    if (others === 0) await this.store.delete(id);
  }

  private em(tenantId: number) {
    const em = this.db.em.fork();
    em.setFilterParams('tenant', { id: tenantId });
    return em;
  }
}
