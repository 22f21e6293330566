/**
 * Operator presence: the UI sets online/away/offline and renews it with a heartbeat; a presence not
 * renewed within `PRESENCE_TTL_MS` counts as offline (the browser went away), in every process.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { OperatorPresence, type PresenceStatus } from '../entities/index.js';

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
