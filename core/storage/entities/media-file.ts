import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/**
 * A tenant's reference to a stored file (a notice's image or PDF, or a file a person sent). The bytes
 * live in the `MediaStore` by content hash and may be shared between tenants; this row is what retention
 * and erasure look for.
 *
 * @example
 * const media = await em.findOne(MediaFile, { hash });
 */
export const MediaFile = defineEntity({
  name: 'MediaFile',
  tableName: 'media_file',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'hash'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    /** sha256 hex of the bytes: the media store id. */
    hash: p.string().length(64).index(),
    mimeType: p.string().length(100),
    size: p.integer(),
    fileName: p.string().length(255),
    createdAt: p.datetime().onCreate(() => new Date()),
    /**
     * `<channel>/<account>/<chat id>` of the person who sent the file (null for admin uploads): erasing
     * the person deletes it. Not a person link, because the copy is made before the turn that creates
     * the person on first contact. Last: SQLite appends added columns.
     */
    senderChat: p.string().length(300).nullable().index(),
  }),
});
export type MediaFile = InferEntity<typeof MediaFile>;
