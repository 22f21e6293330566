/**
 * Deep-link payloads of the base module (Telegram `?start=<payload>`, QR codes on notice boards):
 * `cat_<key>` subscribes straight to a category. Payloads are ≤ 64 chars of `[A-Za-z0-9_-]`.
 *
 * @example
 * categoryPayload('protezione-civile'); // 'cat_protezione-civile'
 * parseStartPayload('cat_eventi'); // { kind: 'category', key: 'eventi' }
 */
export const PAYLOAD_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export type StartPayload = { kind: 'none' } | { kind: 'category'; key: string } | { kind: 'invalid' };

export function categoryPayload(key: string): string {
  return `cat_${key}`;
}

export function parseStartPayload(argument: string): StartPayload {
  if (argument === '') return { kind: 'none' };
  if (!PAYLOAD_PATTERN.test(argument)) return { kind: 'invalid' };
  const match = /^cat_([a-z0-9-]{1,32})$/.exec(argument);
  return match?.[1] ? { kind: 'category', key: match[1] } : { kind: 'invalid' };
}
