import type { SqlEntityManager } from '@mikro-orm/knex';
import type { ConversationRef } from '../channel/conversation-ref.js';
import type { MediaSource } from '../channel/outbound.js';
import type { Database } from '../storage/database.js';
import { deleteInBatches } from '../retention/delete-in-batches.js';
import type { RetentionStep } from '../retention/retention-step.js';
import { ChannelIdentity } from '../storage/entities/channel-identity.js';
import { MediaFile } from '../storage/entities/media-file.js';
import type { Person } from '../storage/entities/person.js';
import { checkInboundMedia } from './inbound-media-types.js';
import { MediaError } from './media-errors.js';
import type { MediaCheck, MediaStore, StoredMedia } from './media-store.js';

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

  /** Validates (the notice policy) and stores; throws `MediaError` (code, status, fix-it message) when refused. */
  async upload(tenantId: number, bytes: Uint8Array, declaredType: string | undefined, fileName: string): Promise<StoredMedia> {
    return this.record(tenantId, await this.store.put(bytes, declaredType, fileName), null);
  }

  /**
   * Keeps a file a person sent (`checkInboundMedia`: images, audio, video, documents), recorded with the
   * chat it came from so erasing the person deletes it. Throws `MediaError` when the policy refuses it.
   *
   * @example
   * const voice = await media.keepInbound(tenant.id, bytes, 'audio/ogg; codecs=opus', 'voice.ogg', message.ref);
   */
  async keepInbound(tenantId: number, bytes: Uint8Array, declaredType: string | undefined, fileName: string, from: ConversationRef, check: MediaCheck = checkInboundMedia): Promise<StoredMedia> {
    return this.record(tenantId, await this.store.put(bytes, declaredType, fileName, check), senderChat(from.channel, from.account, from.chatId));
  }

  /**
   * The erasure hook (`PeopleService.addEraser`): deletes the files the person sent, rows and bytes (unless
   * another row still refers to the bytes). Bytes go before the transaction commits: if it rolls back, a
   * row may point at a missing file, which reads as MEDIA_NOT_FOUND; erasure prefers that to keeping them.
   */
  readonly eraser = async (em: SqlEntityManager, person: Person): Promise<void> => {
    const identities = await em.find(ChannelIdentity, { person: person.id }, { filters: false });
    if (identities.length === 0) return;
    const chats = identities.map((i) => senderChat(i.channel, i.account, i.externalId));
    const rows = await em.find(MediaFile, { tenant: person.tenant, senderChat: { $in: chats } }, { filters: false });
    if (rows.length === 0) return;
    await em.nativeDelete(MediaFile, { id: { $in: rows.map((r) => r.id) } }, { filters: false });
    await this.dropUnreferenced(em, rows.map((r) => r.hash));
  };

  /**
   * The retention step (`RetentionJob`): files people sent (rows with a `senderChat`) received before
   * `inboundMediaBefore`, rows and bytes, in batches, through the same path as erasure. Files the comune
   * uploaded (notice images and PDFs, `senderChat` null) are never touched, whatever their age; bytes a
   * newer row (another tenant's, or the comune's own upload of the same file) still uses are kept.
   *
   * @example
   * retention.add('core:media', notifications.media.retention);
   */
  readonly retention: RetentionStep = async ({ tenant, inboundMediaBefore, batchSize }) => {
    const em = this.db.em.fork();
    const files = await deleteInBatches(em, MediaFile, { tenant: tenant.id, senderChat: { $ne: null }, createdAt: { $lt: inboundMediaBefore } }, {
      batchSize, fields: ['hash'], onBatch: (rows) => this.dropUnreferenced(em, rows.map((r) => r.hash)),
    });
    return { inboundFiles: files };
  };

  /**
   * Deletes the bytes of each hash no `media_file` row (of any tenant) refers to any more. Erasure and
   * retention both end here. A file received again between the count and the delete loses its bytes
   * (its row then reads as MEDIA_NOT_FOUND): both paths prefer that to keeping bytes nobody claims.
   */
  private async dropUnreferenced(em: SqlEntityManager, hashes: readonly string[]): Promise<void> {
    for (const hash of new Set(hashes)) {
      if ((await em.count(MediaFile, { hash }, { filters: false })) === 0) await this.store.delete(hash);
    }
  }

  /**
   * One row per tenant and file. An admin's upload of bytes a person sent becomes the comune's (erasing
   * the person no longer deletes a notice's image); a person's copy never takes over an existing row,
   * but a file people send again counts from the new receipt for retention (`createdAt`).
   */
  private async record(tenantId: number, media: StoredMedia, sender: string | null): Promise<StoredMedia> {
    const em = this.em(tenantId);
    const existing = await em.findOne(MediaFile, { hash: media.id });
    if (!existing) em.create(MediaFile, { tenant: tenantId, hash: media.id, mimeType: media.mimeType, size: media.size, fileName: media.fileName, senderChat: sender });
    else if (sender === null && existing.senderChat !== null) existing.senderChat = null;
    else if (sender !== null && existing.senderChat !== null) existing.createdAt = new Date();
    await em.flush();
    return media;
  }

  /**
   * Makes a file a person sent the comune's own (a confirmed report's photo): erasing the person and the
   * inbound-media retention no longer delete it; whoever adopted it deletes it (`delete`) when done.
   *
   * @example
   * await media.adopt(tenant.id, photo.id);
   */
  async adopt(tenantId: number, id: string): Promise<void> {
    await this.em(tenantId).nativeUpdate(MediaFile, { hash: id }, { senderChat: null });
  }

  /** The tenant's media with this id, or null (another tenant's file is not visible). */
  async get(tenantId: number, id: string): Promise<StoredMedia | null> {
    const row = await this.em(tenantId).findOne(MediaFile, { hash: id });
    return row ? { id: row.hash, mimeType: row.mimeType, size: row.size, fileName: row.fileName } : null;
  }

  /**
   * The tenant's media ready to send (an attachment's `media`), or null: the bytes are read only when
   * the adapter uploads, and only for a file this tenant has.
   *
   * @example
   * const image = await media.source(tenant.id, entry.imageMediaId);
   * if (image) ctx.reply({ attachment: { kind: 'image', media: image } });
   */
  async source(tenantId: number, id: string): Promise<MediaSource | null> {
    const media = await this.get(tenantId, id);
    return media ? { ...media, read: () => this.store.read(media.id) } : null;
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

/** The `MediaFile.senderChat` of a chat (its tenant is the row's). */
function senderChat(channel: string, account: string, chatId: string): string {
  return `${channel}/${account}/${chatId}`;
}
