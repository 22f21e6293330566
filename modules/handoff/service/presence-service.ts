/**
 * Operator presence: the UI sets online/away/offline and renews it with a heartbeat; a presence not
 * renewed within `PRESENCE_TTL_MS` counts as offline (the browser went away), in every process.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { AdminUser } from '../../../core/internal.js';
import { OperatorPresence, type PresenceStatus } from '../entities/index.js';
import { HANDOFF_WRITE, handoffPermissions } from '../permissions.js';

/** A heartbeat every 30 s keeps an operator online; three missed ones and they are offline. */
export const PRESENCE_TTL_MS = 90_000;

/**
 * Sets (or renews) the operator's presence.
 *
 * @example
 * await setPresence(em, tenant.id, user.id, 'online', new Date());
 */
export async function setPresence(em: SqlEntityManager, tenantId: number, userId: number, status: PresenceStatus, now: Date) {
  const expiresAt = new Date(now.getTime() + PRESENCE_TTL_MS);
  // One statement for the usual case (a heartbeat); the insert only on an operator's first presence.
  const changed = await em.nativeUpdate(OperatorPresence, { userId }, { status, expiresAt, updatedAt: now });
  if (changed === 0) {
    try {
      await em.insert(OperatorPresence, { tenant: tenantId, userId, status, expiresAt, updatedAt: now });
    } catch {
      // Another tab of the same operator inserted it at the same moment: update theirs.
      await em.nativeUpdate(OperatorPresence, { userId }, { status, expiresAt, updatedAt: now });
    }
  }
  return { userId, status, expiresAt: expiresAt.toISOString() };
}

/** Presence of the comune's operators, as it counts now (expired → offline). */
export async function listPresence(em: SqlEntityManager, now: Date) {
  const rows = await em.find(OperatorPresence, {}, { orderBy: { userId: 'asc' } });
  return {
    items: rows.map((r) => ({ userId: r.userId, status: (r.expiresAt > now ? r.status : 'offline') as PresenceStatus, expiresAt: r.expiresAt.toISOString() })),
  };
}

/** Roles that answer citizens: the mayor (who holds every permission) and those given `handoff.write`. */
const ANSWERING_ROLES = ['mayor', ...(handoffPermissions.find((p) => p.name === HANDOFF_WRITE)?.roles ?? [])];

/**
 * The comune's active users who can take a conversation, with their presence: whom a conversation can
 * be transferred to. AdminUser has no tenant filter, so the query names the tenant.
 *
 * @example
 * const { items } = await listOperators(em, tenant.id, new Date());
 */
export async function listOperators(em: SqlEntityManager, tenantId: number, now: Date) {
  const users = await em.find(AdminUser, { tenant: tenantId, active: true, role: { $in: ANSWERING_ROLES } }, { orderBy: { id: 'asc' } });
  const presence = new Map((await listPresence(em, now)).items.map((p) => [p.userId, p.status]));
  return { items: users.map((u) => ({ id: u.id, name: u.displayName ?? u.email, status: presence.get(u.id) ?? ('offline' as PresenceStatus) })) };
}
