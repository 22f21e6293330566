import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/**
 * A tenant's reference to a stored file (image, PDF). The bytes live in the `MediaStore` by content
 * hash and may be shared between tenants; this row is what retention and erasure look for.
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
  }),
});
export type MediaFile = InferEntity<typeof MediaFile>;
