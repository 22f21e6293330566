import { Type, type Static } from '@sinclair/typebox';
import { TenantSlug } from './common.js';
import { MediaId } from './notices.js';

/** An uploaded image or PDF; use `id` as a notice's `imageMediaId` or `documentMediaId`. */
export const Media = Type.Object({
  id: Type.String({ description: 'sha256 of the bytes: the same file uploaded twice has the same id' }),
  mimeType: Type.String({ examples: ['image/png'] }),
  size: Type.Integer({ description: 'Bytes' }),
  fileName: Type.String(),
});
export type Media = Static<typeof Media>;

export const MediaParams = Type.Object({
  tenant: TenantSlug,
  mediaId: MediaId,
});
export type MediaParams = Static<typeof MediaParams>;

/** The bytes of a media file, with its own content type. */
export const MediaBytes = Type.String({ format: 'binary' });
