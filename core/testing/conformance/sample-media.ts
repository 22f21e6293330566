import { createHash } from 'node:crypto';
import type { MediaLimit } from '../../channel/capabilities.js';
import type { MediaSource } from '../../channel/outbound.js';

// Real files, however small: channels (and the web chat's store) sniff the bytes, not only the type.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/**
 * A small valid file of a kind the limit accepts (PNG for images, PDF for documents, when declared).
 *
 * @example
 * const source = sampleMedia('image', adapter.capabilities.media.image!);
 */
export function sampleMedia(kind: 'image' | 'document', limit: MediaLimit): MediaSource {
  const mimeType = kind === 'image' && limit.mimeTypes.includes('image/png') ? 'image/png'
    : limit.mimeTypes.includes('application/pdf') ? 'application/pdf' : limit.mimeTypes[0] ?? 'application/octet-stream';
  const bytes = mimeType === 'application/pdf' ? PDF : PNG;
  return source(bytes, mimeType, `conformance.${mimeType === 'application/pdf' ? 'pdf' : 'png'}`);
}

/** A file one byte over the limit: its bytes are made only if the adapter reads them. */
export function oversizedMedia(kind: 'image' | 'document', limit: MediaLimit): MediaSource {
  const small = sampleMedia(kind, limit);
  const size = limit.maxBytes + 1;
  return { ...small, id: `${small.id}-${size}`, size, read: async () => Buffer.alloc(size) };
}

function source(bytes: Buffer, mimeType: string, fileName: string): MediaSource {
  return { id: createHash('sha256').update(bytes).digest('hex'), mimeType, fileName, size: bytes.length, read: async () => bytes };
}
