import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Meta signs every webhook POST with `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the raw
 * body keyed with the app secret. Checked on the exact bytes, before parsing, in constant time.
 *
 * @example
 * if (!verifySignature(request.rawBody, request.headers['x-hub-signature-256'], appSecret)) return 401;
 */
export function verifySignature(rawBody: Uint8Array, header: string | undefined, appSecret: string): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  // Equal lengths first: timingSafeEqual throws otherwise, and a wrong length tells nothing secret.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The header value Meta would send for `rawBody` (tests and the fake).
 *
 * @example
 * fetch(url, { method: 'POST', headers: { 'x-hub-signature-256': signBody(body, appSecret) }, body });
 */
export function signBody(rawBody: Uint8Array | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Constant-time comparison of two strings (the verify token of the GET handshake). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
