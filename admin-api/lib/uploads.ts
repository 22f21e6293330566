import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../errors.js';

/** What an upload route accepts. */
export interface UploadOptions {
  /** Accepted MIME types, e.g. `['image/jpeg', 'image/png']`. */
  readonly types: readonly string[];
  /** Largest accepted file in bytes. */
  readonly maxBytes: number;
}

/** A validated upload, fully read into memory (admin uploads are a few MB at most). */
export interface Upload {
  readonly filename: string;
  readonly mimeType: string;
  readonly data: Buffer;
  /** The other form fields, as strings. */
  readonly fields: Readonly<Record<string, string>>;
}

// Magic numbers of the types the channels accept: a file claiming to be a PNG must start like one.
const SIGNATURES: Readonly<Record<string, (b: Buffer) => boolean>> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'video/mp4': (b) => b.subarray(4, 8).toString('latin1') === 'ftyp',
};

/**
 * Reads the one file of a `multipart/form-data` request and checks it: not multipart or a type
 * outside `types` (declared or sniffed from the first bytes) → 415; larger than `maxBytes` → 413.
 * The media store (notification engine) decides where the bytes go.
 *
 * @example
 * const upload = await readUpload(request, { types: ['image/jpeg', 'image/png'], maxBytes: 10 * 1024 * 1024 });
 * await mediaStore.put(upload.data, upload.mimeType);
 */
export async function readUpload(request: FastifyRequest, options: UploadOptions): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new ProblemError('unsupported-media-type', 'Send the file as multipart/form-data with one file part.', [{ field: 'file', message: 'must be sent as multipart/form-data' }]);
  }
  const file = await request.file({ limits: { fileSize: options.maxBytes } });
  if (!file) throw new ProblemError('validation-failed', 'Invalid body: file is required.', [{ field: 'file', message: 'is required' }]);
  if (!options.types.includes(file.mimetype)) {
    file.file.resume();
    throw new ProblemError('unsupported-media-type', `Files of type ${file.mimetype} are not accepted: send one of ${options.types.join(', ')}.`, [{ field: file.fieldname, message: `type ${file.mimetype} not accepted` }]);
  }
  const data = await file.toBuffer(); // throws FST_REQ_FILE_TOO_LARGE (→ 413) past maxBytes
  const sniff = SIGNATURES[file.mimetype];
  if (sniff && !sniff(data)) {
    throw new ProblemError('unsupported-media-type', `The file's content is not ${file.mimetype}: send the real file, not a renamed one.`, [{ field: file.fieldname, message: `content is not ${file.mimetype}` }]);
  }
  const fields: Record<string, string> = {};
  for (const [name, field] of Object.entries(file.fields)) {
    const one = Array.isArray(field) ? field[0] : field;
    if (one && one.type === 'field') fields[name] = String(one.value);
  }
  return { filename: file.filename, mimeType: file.mimetype, data, fields };
}
