import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Deep-link payload prefix: `/start inv_<token>` (Telegram `?start=`, web chat, QR). */
export const INVITE_PREFIX = 'inv_';
// Crockford-like alphabet without look-alikes (0/O, 1/I/L), for a code read aloud or typed on WhatsApp.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_PATTERN = /^\s*([A-Za-z2-9]{4})[- ]?([A-Za-z2-9]{4})\s*$/;

/** A new invitation's secrets, shown once; only their hashes are stored. */
export interface InvitationSecrets {
  /** 22 base64url characters (128 random bits): the deep-link payload after `inv_`. */
  readonly token: string;
  /** `ABCD-EF23` (40 random bits): typed on channels without deep links. */
  readonly code: string;
}

/**
 * @example
 * const { token, code } = newInvitationSecrets(); // store hashSecret(token), hashSecret(normalizeCode(code))
 */
export function newInvitationSecrets(): InvitationSecrets {
  let code = '';
  for (let i = 0; i < 8; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return { token: randomBytes(16).toString('base64url'), code: `${code.slice(0, 4)}-${code.slice(4)}` };
}

/** SHA-256 of a secret, hex: what the database keeps. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The code as typed ("abcd ef23", "ABCD-EF23") in its stored form, or null when it is not a code. */
export function normalizeCode(text: string): string | null {
  const match = CODE_PATTERN.exec(text);
  return match ? `${match[1]}-${match[2]}`.toUpperCase() : null;
}

/** The token of a `/start` argument `inv_<token>`, or null. */
export function tokenOfStartArgument(argument: string): string | null {
  return argument.startsWith(INVITE_PREFIX) && /^[A-Za-z0-9_-]{16,60}$/.test(argument.slice(INVITE_PREFIX.length)) ? argument.slice(INVITE_PREFIX.length) : null;
}
