import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** Deep-link payload prefix: `/start inv_<token>` (Telegram `?start=`, web chat, QR). */
export const INVITE_PREFIX = 'inv_';
// Crockford-like alphabet without look-alikes (0/O, 1/I/L), for a code read aloud or typed on WhatsApp.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_PATTERN = /^\s*([A-Za-z2-9]{4})[- ]?([A-Za-z2-9]{4})\s*$/;

/** What a signed token carries: which invitation, until when, for which comune (in the MAC only). */
export interface TokenClaims {
  readonly tenantId: number;
  readonly invitationId: number;
  /** Whole seconds since the epoch. */
  readonly expiresAt: number;
}

const MAC_BYTES = 16;
const TOKEN_BYTES = 8 + MAC_BYTES;

/**
 * The deep-link token: base64url of invitation id (4 bytes) + expiry (4 bytes) + HMAC-SHA256 over
 * (tenant, id, expiry) truncated to 128 bits: 32 characters, inside Telegram's 64-character payload.
 *
 * @example
 * const token = signInvitationToken(secret, { tenantId: 1, invitationId: 7, expiresAt: 1_800_000_000 });
 */
export function signInvitationToken(secret: Buffer, claims: TokenClaims): string {
  const body = Buffer.alloc(8);
  body.writeUInt32BE(claims.invitationId, 0);
  body.writeUInt32BE(claims.expiresAt, 4);
  return Buffer.concat([body, mac(secret, claims)]).toString('base64url');
}

/**
 * The token's invitation id and expiry when its MAC holds for this comune, else null: a tampered,
 * truncated or foreign token is refused here, before any invitation is looked up.
 */
export function verifyInvitationToken(secret: Buffer, tenantId: number, token: string): { invitationId: number; expiresAt: number } | null {
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== TOKEN_BYTES || raw.toString('base64url') !== token) return null;
  const claims = { tenantId, invitationId: raw.readUInt32BE(0), expiresAt: raw.readUInt32BE(4) };
  return timingSafeEqual(raw.subarray(8), mac(secret, claims)) ? { invitationId: claims.invitationId, expiresAt: claims.expiresAt } : null;
}

function mac(secret: Buffer, claims: TokenClaims): Buffer {
  return createHmac('sha256', secret).update(`campanile-invitation:${claims.tenantId}:${claims.invitationId}:${claims.expiresAt}`).digest().subarray(0, MAC_BYTES);
}

/**
 * A short code for channels without deep links: `ABCD-EF23` (40 random bits), typed on WhatsApp; only
 * its hash is stored.
 */
export function newInvitationCode(): string {
  let code = '';
  for (let i = 0; i < 8; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
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
