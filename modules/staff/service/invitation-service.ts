/**
 * Invitations: created by a manager for one member, accepted once in the chat (deep link or code),
 * refused when expired, used, revoked or unknown to this comune.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { ChannelIdentity } from '../../../core/internal.js';
import { StaffInvitation, StaffLink, StaffMember } from '../entities/index.js';
import { hashSecret, INVITE_PREFIX, newInvitationSecrets } from './invitation-token.js';
import { findMember } from './registry-service.js';
import { StaffError } from './staff-error.js';

/** Default validity of an invitation. */
export const INVITATION_HOURS = 72;

/** A new invitation as the manager sees it once (the secrets are not stored in clear). */
export interface CreatedInvitation {
  id: number;
  memberId: number;
  expiresAt: string;
  /** `/start` payload: `inv_<token>`; a Telegram deep link is `https://t.me/<bot>?start=<payload>`. */
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
  const secrets = newInvitationSecrets();
  const invitation = em.create(StaffInvitation, {
    tenant: tenantId, member, tokenHash: hashSecret(secrets.token), codeHash: hashSecret(secrets.code),
    expiresAt: new Date(now.getTime() + hours * 3_600_000), createdAt: now,
  });
  await em.flush();
  return { id: invitation.id, memberId, expiresAt: invitation.expiresAt.toISOString(), startPayload: `${INVITE_PREFIX}${secrets.token}`, code: secrets.code };
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
  const hash = hashSecret('token' in secret ? secret.token : secret.code);
  const row = await em.findOne(StaffInvitation, 'token' in secret ? { tokenHash: hash } : { codeHash: hash }, { populate: ['member'] });
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

function statusOf(row: StaffInvitation, now: Date): InvitationStatus {
  if (row.usedAt) return 'used';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}
