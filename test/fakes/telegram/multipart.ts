/**
 * A small `multipart/form-data` parser: enough of RFC 7578 to read the fields and file parts grammY (and curl)
 * send. Written here rather than pulled in (busboy) because the fake must not add a dependency, and because the
 * whole body is already in memory: test uploads are small.
 */

/** One file part of a multipart body. */
export interface MultipartFile {
  /** The part's `name` (grammY uses a random id and sends `attach://<id>` in the field). */
  name: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** The parsed body: plain fields as strings, file parts by name. */
export interface MultipartBody {
  fields: Record<string, string>;
  files: Map<string, MultipartFile>;
}

/**
 * Reads the boundary out of a `Content-Type` header; `undefined` when it is missing.
 *
 * @example
 * multipartBoundary('multipart/form-data; boundary=----abc'); // '----abc'
 * multipartBoundary('application/json'); // undefined
 */
export function multipartBoundary(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/**
 * Splits a multipart body into fields and files. Header names are matched case-insensitively and parameters may be
 * quoted or not, since grammY writes `content-disposition:form-data;name="x";filename=photo.jpg`.
 *
 * @example
 * const { fields, files } = parseMultipart(body, multipartBoundary(req.headers['content-type']!)!);
 * fields.chat_id; // '42'
 * files.get('abc123')?.data.length; // 5120
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const fields: Record<string, string> = {};
  const files = new Map<string, MultipartFile>();
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    let partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break; // closing delimiter
    if (body.subarray(partStart, partStart + 2).toString() === '\r\n') partStart += 2;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    // The CRLF before the next delimiter belongs to the delimiter, not to the content.
    const partEnd = body[next - 2] === 0x0d && body[next - 1] === 0x0a ? next - 2 : next;
    readPart(body.subarray(partStart, partEnd), fields, files);
    start = next;
  }
  return { fields, files };
}

function readPart(part: Buffer, fields: Record<string, string>, files: Map<string, MultipartFile>): void {
  const headerEnd = part.indexOf('\r\n\r\n');
  if (headerEnd === -1) return;
  const headers = new Map<string, string>();
  for (const line of part.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  const name = dispositionParam(disposition, 'name');
  if (name === undefined) return;
  const data = part.subarray(headerEnd + 4);
  const filename = dispositionParam(disposition, 'filename');
  if (filename === undefined) {
    fields[name] = data.toString('utf8');
  } else {
    files.set(name, {
      name,
      filename,
      contentType: headers.get('content-type') ?? 'application/octet-stream',
      data: Buffer.from(data),
    });
  }
}

function dispositionParam(disposition: string, param: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(disposition);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? '').trim();
}
