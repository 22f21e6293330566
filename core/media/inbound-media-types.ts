import type { MediaKind } from '../channel/inbound.js';
import { MediaError } from './media-errors.js';
import { sniffMediaType } from './media-types.js';

const MB = 1024 * 1024;

/**
 * What Campanile keeps of the files people send (a report's photos, a voice note, a video, a scanned
 * form): a wider list than a notice's (`MEDIA_TYPES`), because people send what their phone records.
 * Limits, chosen and why:
 * - images 10 MB: as notices; phones send JPEG/PNG/WebP well below it (WhatsApp caps images at 5 MB);
 * - audio 16 MB and video 16 MB: WhatsApp's own caps (a voice note is Ogg Opus, ~1 MB for 10 minutes);
 * - documents 20 MB: Telegram's download limit and the notice PDF limit. WhatsApp allows 100 MB, but a
 *   small comune's server should not keep such files from anyone who writes; a larger file is refused
 *   with a log line and the turn still gets the bytes downloaded for it.
 */
export const INBOUND_MEDIA_TYPES = {
  'image/jpeg': { kind: 'photo', maxBytes: 10 * MB },
  'image/png': { kind: 'photo', maxBytes: 10 * MB },
  'image/webp': { kind: 'photo', maxBytes: 10 * MB },
  'audio/ogg': { kind: 'audio', maxBytes: 16 * MB },
  'audio/mpeg': { kind: 'audio', maxBytes: 16 * MB },
  'audio/mp4': { kind: 'audio', maxBytes: 16 * MB },
  'audio/aac': { kind: 'audio', maxBytes: 16 * MB },
  'audio/amr': { kind: 'audio', maxBytes: 16 * MB },
  'video/mp4': { kind: 'video', maxBytes: 16 * MB },
  'video/3gpp': { kind: 'video', maxBytes: 16 * MB },
  'application/pdf': { kind: 'document', maxBytes: 20 * MB },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { kind: 'document', maxBytes: 20 * MB },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { kind: 'document', maxBytes: 20 * MB },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { kind: 'document', maxBytes: 20 * MB },
  'application/vnd.oasis.opendocument.text': { kind: 'document', maxBytes: 20 * MB },
  'application/vnd.oasis.opendocument.spreadsheet': { kind: 'document', maxBytes: 20 * MB },
  'application/msword': { kind: 'document', maxBytes: 20 * MB },
  'application/vnd.ms-excel': { kind: 'document', maxBytes: 20 * MB },
  'application/vnd.ms-powerpoint': { kind: 'document', maxBytes: 20 * MB },
  'text/plain': { kind: 'document', maxBytes: 20 * MB },
  'text/csv': { kind: 'document', maxBytes: 20 * MB },
} as const satisfies Record<string, { kind: MediaKind; maxBytes: number }>;
export type InboundMimeType = keyof typeof INBOUND_MEDIA_TYPES;

/**
 * A container recognised from its bytes, and the types it may carry. The first type is what the bytes
 * are when the sender declared nothing usable; a declared type is accepted only from the list (an MP4
 * may be audio or video, a ZIP an Office or OpenDocument file, never an `.exe` renamed).
 */
interface Family {
  readonly name: string;
  readonly types: readonly InboundMimeType[];
  /** The declared type is required to choose (a bare ZIP or OLE2 file is not kept). */
  readonly needsDeclared?: boolean;
}

const OFFICE_ZIP: Family = {
  name: 'a ZIP archive',
  needsDeclared: true,
  types: [
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'application/vnd.oasis.opendocument.text',
    'application/vnd.oasis.opendocument.spreadsheet',
  ],
};
const OFFICE_OLE: Family = { name: 'a legacy Office file', needsDeclared: true, types: ['application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint'] };
const TEXT: Family = { name: 'UTF-8 text', needsDeclared: true, types: ['text/plain', 'text/csv'] };

/**
 * The container of some bytes from their magic numbers, or null. Text has no magic number: it is
 * recognised as valid UTF-8 without NUL bytes, and only when declared as text.
 *
 * @example
 * sniffFamily(voiceNote)?.types; // ['audio/ogg']
 */
function sniffFamily(bytes: Uint8Array): Family | null {
  const at = (offset: number, ...values: number[]) => values.every((v, i) => bytes[offset + i] === v);
  const ascii = (offset: number, text: string) => at(offset, ...[...text].map((c) => c.charCodeAt(0)));
  const image = sniffMediaType(bytes);
  if (image) return { name: image, types: [image] };
  if (ascii(0, 'OggS')) return { name: 'Ogg', types: ['audio/ogg'] };
  if (ascii(0, '#!AMR')) return { name: 'AMR', types: ['audio/amr'] };
  if (ascii(0, 'ID3')) return { name: 'MP3', types: ['audio/mpeg'] };
  // MPEG audio frame sync: 11 bits set; the layer bits say MP3 (≠ 00) or AAC in ADTS (= 00).
  if (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0) {
    return ((bytes[1] ?? 0) & 0x06) === 0 ? { name: 'AAC (ADTS)', types: ['audio/aac'] } : { name: 'MP3', types: ['audio/mpeg'] };
  }
  if (ascii(4, 'ftyp')) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (brand.startsWith('3g')) return { name: '3GP', types: ['video/3gpp', 'video/mp4', 'audio/mp4'] };
    if (brand.startsWith('M4A') || brand.startsWith('M4B')) return { name: 'MPEG-4 audio', types: ['audio/mp4'] };
    return { name: 'MPEG-4', types: ['video/mp4', 'audio/mp4', 'video/3gpp'] };
  }
  if (at(0, 0x50, 0x4b, 0x03, 0x04)) return OFFICE_ZIP;
  if (at(0, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return OFFICE_OLE;
  if (!bytes.includes(0)) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return TEXT;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The inbound policy: checks a file a person sent against `INBOUND_MEDIA_TYPES` and returns the type
 * to keep it as, or throws a `MediaError` (code, and a message for the log). The declared type only
 * chooses within what the bytes are; it is never taken on trust.
 *
 * @example
 * checkInboundMedia(voiceNote, 'audio/ogg; codecs=opus'); // 'audio/ogg'
 * checkInboundMedia(exeBytes, 'audio/ogg');               // throws MEDIA_TYPE_UNSUPPORTED
 */
export function checkInboundMedia(bytes: Uint8Array, declaredType: string | undefined): InboundMimeType {
  if (bytes.byteLength === 0) throw new MediaError('MEDIA_EMPTY', 'The file received is empty: nothing to keep.');
  const family = sniffFamily(bytes);
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase();
  const usable = declared && declared !== 'application/octet-stream' ? declared : undefined;
  if (!family || (family.needsDeclared && !usable)) {
    throw new MediaError('MEDIA_TYPE_UNSUPPORTED', `Unsupported file type received${usable ? ` (declared ${usable})` : ''}: people may send images, audio, video, PDF, Office/OpenDocument files and text; see core/media/inbound-media-types.ts.`, 415);
  }
  const type = usable ? family.types.find((t) => t === usable) : family.types[0];
  if (!type) {
    throw new MediaError('MEDIA_TYPE_MISMATCH', `The file received says it is ${usable} but its content is ${family.name}: not kept.`, 415);
  }
  const limit = INBOUND_MEDIA_TYPES[type].maxBytes;
  if (bytes.byteLength > limit) {
    const mb = (n: number) => (n / MB).toFixed(1);
    throw new MediaError('MEDIA_TOO_LARGE', `The file received is ${mb(bytes.byteLength)} MB; ${type} files are kept up to ${mb(limit)} MB (core/media/inbound-media-types.ts).`, 413);
  }
  return type;
}
