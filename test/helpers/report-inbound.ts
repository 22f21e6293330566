/**
 * Inbound locations and files for report tests on the memory channel: a JPEG, an MP4, a file of any
 * type and size, delivered as the channel would.
 */
import type { MemoryAdapter } from '../../adapters/memory/index.js';
import type { MediaKind, OutboundMessage } from '../../core/internal.js';

/** Bytes that sniff as JPEG, unique per `seed` (a media id is the file's hash). */
export function jpeg(seed: number, size = 2048): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  bytes[10] = seed & 0xff;
  bytes[11] = (seed >> 8) & 0xff;
  return bytes;
}

/** Bytes that sniff as an MP4 video. */
export function mp4(seed: number, size = 4096): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0, 0, 0, 0x18, ...[...'ftypisom'].map((c) => c.charCodeAt(0))]);
  bytes[20] = seed & 0xff;
  return bytes;
}

/** The person shares a position. */
export function sendLocation(memory: MemoryAdapter, tenant: string, chatId: string, latitude: number, longitude: number): Promise<OutboundMessage[]> {
  return memory.deliver({ ...memory.base(tenant, chatId), kind: 'location', latitude, longitude });
}

/** The person sends a file; `size` is what the channel declares (default the bytes' length). */
export function sendFile(memory: MemoryAdapter, tenant: string, chatId: string, kind: MediaKind, mimeType: string, bytes: Uint8Array, size = bytes.byteLength): Promise<OutboundMessage[]> {
  return memory.deliver({ ...memory.base(tenant, chatId), kind: 'media', media: { kind, mimeType, size, fetch: async () => bytes } });
}
