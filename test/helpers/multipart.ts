/** Multipart bodies for module upload routes (`AdminRoute.upload`): one `file` part and optional text fields. */
export const BOUNDARY = 'CampanileTestBoundary';

/** The content-type header that goes with `multipartForm`'s body. */
export const MULTIPART_HEADERS = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } as const;

/**
 * @example
 * inject({ method: 'POST', url, payload: multipartForm(png, 'image/png', 'mappa.png', { text: 'Ecco' }), headers: MULTIPART_HEADERS });
 */
export function multipartForm(data: Buffer, type: string, fileName: string, fields: Record<string, string> = {}): Buffer {
  const parts = Object.entries(fields).map(([name, value]) => Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  return Buffer.concat([
    ...parts,
    Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\ncontent-type: ${type}\r\n\r\n`),
    data, Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

/** A form with text fields only: no file part. */
export function multipartFieldsOnly(fields: Record<string, string>): Buffer {
  return Buffer.from(`${Object.entries(fields).map(([name, value]) => `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('')}--${BOUNDARY}--\r\n`);
}
