/**
 * Invitations: created by a manager for one member, accepted once in the chat (deep link or code),
 * refused when expired, used, revoked or unknown to this comune.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { ChannelIdentity } from '../../../core/internal.js';
import { StaffInvitation, StaffLink, StaffMember } from '../entities/index.js';
import { randomBytes } from 'node:crypto';
import { ensureInvitationSecret, readInvitationSecret } from './invitation-secret.js';
import { hashSecret, INVITE_PREFIX, newInvitationCode, signInvitationToken, verifyInvitationToken } from './invitation-token.js';
import { findMember } from './registry-service.js';
import { StaffError } from './staff-error.js';

/** Default validity of an invitation. */
export const INVITATION_HOURS = 72;

/** A new invitation as the manager sees it once (the code is stored hashed, the token is signed). */
export interface CreatedInvitation {
  id: number;
  memberId: number;
  expiresAt: string;
  /** `/start` payload: `inv_<token>`, the token signed (HMAC-SHA256 over comune, id, expiry). */
  startPayload: string;
  /** For WhatsApp and other channels without deep links: the member types it to the bot. */
  code: string;
}

export interface InvitationDto {
  id: number;
  memberId: number;
  createdAt: string;
  expiresAt: string;
  status: InvitationStatus;
}

export type InvitationStatus = 'pending' | 'used' | 'revoked' | 'expired';

export async function createInvitation(em: SqlEntityManager, tenantId: number, memberId: number, hours = INVITATION_HOURS, now = new Date()): Promise<CreatedInvitation> {
  const member = await findMember(em, memberId);
  if (!member.active) throw new StaffError(400, 'STAFF_INVALID', `Staff member ${memberId} is not active: activate them before inviting.`);
  const secret = await ensureInvitationSecret(em, tenantId);
  const code = newInvitationCode();
  // Whole seconds: the token carries the expiry, and the row must say the same.
  const expiresAt = new Date(Math.floor((now.getTime() + hours * 3_600_000) / 1000) * 1000);
  // The token signs the row's id, known only after the insert: both writes commit together.
  const { id, token } = await em.transactional(async (tx) => {
    const invitation = tx.create(StaffInvitation, {
      tenant: tenantId, member: member.id, tokenHash: hashSecret(randomBytes(16).toString('hex')), codeHash: hashSecret(code), expiresAt, createdAt: now,
    });
    await tx.flush();
    const signed = signInvitationToken(secret, { tenantId, invitationId: invitation.id, expiresAt: expiresAt.getTime() / 1000 });
    invitation.tokenHash = hashSecret(signed);
    await tx.flush();
    return { id: invitation.id, token: signed };
  });
  return { id, memberId, expiresAt: expiresAt.toISOString(), startPayload: `${INVITE_PREFIX}${token}`, code };
}

export async function listInvitations(em: SqlEntityManager, memberId?: number, now = new Date()): Promise<InvitationDto[]> {
  const rows = await em.find(StaffInvitation, memberId === undefined ? {} : { member: memberId }, { orderBy: { id: 'desc' } });
  return rows.map((row) => ({ id: row.id, memberId: row.member.id, createdAt: row.createdAt.toISOString(), expiresAt: row.expiresAt.toISOString(), status: statusOf(row, now) }));
}

export async function revokeInvitation(em: SqlEntityManager, id: number, now = new Date()): Promise<InvitationDto> {
  const row = await em.findOne(StaffInvitation, { id });
  if (!row) throw new StaffError(404, 'STAFF_NOT_FOUND', `Invitation ${id} does not exist: list them with GET /staff/invitations.`);
  if (!row.usedAt && !row.revokedAt) row.revokedAt = now;
  await em.flush();
  return { id: row.id, memberId: row.member.id, createdAt: row.createdAt.toISOString(), expiresAt: row.expiresAt.toISOString(), status: statusOf(row, now) };
}

/** What happened to an accepted secret. */
export type AcceptOutcome =
  | { kind: 'linked'; member: StaffMember }
  | { kind: 'refused'; reason: 'unknown' | 'expired' | 'used' | 'revoked' | 'inactive' };

/**
 * Accepts a secret (the token or the normalized code) for this chat in the turn's `em`. Single use
 * across processes: the invitation is spent with one conditional UPDATE, and only its winner links.
 */
export async function acceptInvitation(em: SqlEntityManager, tenantId: number, identity: ChannelIdentity, secret: { token: string } | { code: string }, now = new Date()): Promise<AcceptOutcome> {
  const row = 'token' in secret ? await byToken(em, tenantId, secret.token) : await em.findOne(StaffInvitation, { codeHash: hashSecret(secret.code) }, { populate: ['member'] });
  if (!row) return { kind: 'refused', reason: 'unknown' };
  const status = statusOf(row, now);
  if (status !== 'pending') return { kind: 'refused', reason: status };
  if (!row.member.active) return { kind: 'refused', reason: 'inactive' };
  const spent = await em.createQueryBuilder(StaffInvitation).update({ usedAt: now }).where({ id: row.id, usedAt: null, revokedAt: null }).execute('run');
  if (spent.affectedRows !== 1) return { kind: 'refused', reason: 'used' };
  const existing = await em.findOne(StaffLink, { identity: identity.id });
  if (existing) em.assign(existing, { member: row.member, linkedAt: now });
  else em.create(StaffLink, { tenant: tenantId, member: row.member, identity: identity.id, linkedAt: now });
  return { kind: 'linked', member: row.member };
}

/** The invitation a signed token names, or null when its MAC fails for this comune (no lookup then). */
async function byToken(em: SqlEntityManager, tenantId: number, token: string): Promise<StaffInvitation | null> {
  const key = await readInvitationSecret(em, tenantId);
  const claims = key && verifyInvitationToken(key, tenantId, token);
  if (!claims) return null;
  const row = await em.findOne(StaffInvitation, { id: claims.invitationId }, { populate: ['member'] });
  // The stored hash pins the one token issued (its expiry included).
  return row && row.tokenHash === hashSecret(token) ? row : null;
}

function statusOf(row: StaffInvitation, now: Date): InvitationStatus {
  if (row.usedAt) return 'used';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}
