import { MediaError } from './media-errors.js';

/** Media types a notice may carry, with their size limits (product brief: images ≤ 10 MB, PDF ≤ 20 MB). */
export const MEDIA_TYPES = {
  'image/jpeg': { kind: 'image', maxBytes: 10 * 1024 * 1024, ext: 'jpg' },
  'image/png': { kind: 'image', maxBytes: 10 * 1024 * 1024, ext: 'png' },
  'image/webp': { kind: 'image', maxBytes: 10 * 1024 * 1024, ext: 'webp' },
  'application/pdf': { kind: 'document', maxBytes: 20 * 1024 * 1024, ext: 'pdf' },
} as const;
export type MediaMimeType = keyof typeof MEDIA_TYPES;

/**
 * The type of some bytes from their magic numbers; the declared type is only checked against it,
 * never trusted (a renamed .exe stays refused).
 *
 * @example
 * sniffMediaType(bytes); // 'image/png' | … | null
 */
export function sniffMediaType(bytes: Uint8Array): MediaMimeType | null {
  const at = (offset: number, ...values: number[]) => values.every((v, i) => bytes[offset + i] === v);
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  if (at(0, 0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return null;
}

/**
 * Checks bytes against the accepted types and limits; returns the sniffed type or throws a `MediaError`.
 *
 * @example
 * const mimeType = checkMedia(bytes, 'image/png'); // throws MEDIA_TOO_LARGE for an 11 MB PNG
 */
export function checkMedia(bytes: Uint8Array, declaredType: string | undefined): MediaMimeType {
  if (bytes.byteLength === 0) throw new MediaError('MEDIA_EMPTY', 'The file is empty: choose the image or PDF again and re-upload it.');
  const sniffed = sniffMediaType(bytes);
  if (!sniffed) {
    throw new MediaError('MEDIA_TYPE_UNSUPPORTED', 'Unsupported file type: upload a JPEG, PNG or WebP image, or a PDF document.', 415);
  }
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream' && declared !== sniffed) {
    throw new MediaError('MEDIA_TYPE_MISMATCH', `The file says it is ${declared} but its content is ${sniffed}: export it again in the right format.`, 415);
  }
  const limit = MEDIA_TYPES[sniffed].maxBytes;
  if (bytes.byteLength > limit) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    throw new MediaError('MEDIA_TOO_LARGE', `The file is ${mb(bytes.byteLength)} MB; ${sniffed} files may be at most ${mb(limit)} MB: compress or resize it.`, 413);
  }
  return sniffed;
}
