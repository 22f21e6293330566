import { createHash, randomBytes } from 'node:crypto';
import type { SqlEntityManager } from '@mikro-orm/knex';
import fp from 'fastify-plugin';
import { AdminSession, findAdminSession, type AdminUser, type Role } from '../../../core/internal.js';

/** The signed-in user behind a request. */
export interface AdminPrincipal {
  readonly id: number;
  readonly email: string;
  readonly displayName: string | null;
  readonly role: Role;
  /** Null for a superadmin. */
  readonly tenantId: number | null;
  readonly tenantSlug: string | null;
  readonly sessionId: number;
}

/** A datetime column as epoch ms: PostgreSQL gives a Date, SQLite (MikroORM) an epoch number or ISO text. */
const toMs = (value: Date | string | number): number => (value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value));

const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Opaque session tokens: 32 random bytes (base64url) handed to the client, their SHA-256 stored. Each
 * request looks its session up, so revocation (logout, password change, user deactivated) takes
 * effect on the very next request; one indexed read per request is the price.
 *
 * @example
 * const { token, expiresAt } = await fastify.sessions.create(user, request.ip);
 * const principal = await fastify.sessions.resolve(token); // AdminPrincipal | null
 * await fastify.sessions.revoke(principal.sessionId);
 */
export class SessionStore {
  constructor(private readonly em: () => SqlEntityManager, private readonly ttlMs: number) {}

  async create(user: AdminUser, ip: string | null): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlMs);
    const em = this.em();
    em.create(AdminSession, { user: user.id, tokenHash: sha256(token), ip: ip?.slice(0, 64) ?? null, expiresAt, revokedAt: null });
    await em.flush();
    return { token, expiresAt };
  }

  async resolve(token: string): Promise<AdminPrincipal | null> {
    if (token.length > 128) return null;
    const row = await findAdminSession(this.em(), sha256(token));
    if (!row || row.revoked_at !== null || toMs(row.expires_at) <= Date.now() || !(row.active === true || row.active === 1)) return null;
    return {
      id: Number(row.id),
      email: row.email,
      displayName: row.display_name,
      role: row.role as Role,
      tenantId: row.tenant_id === null ? null : Number(row.tenant_id),
      tenantSlug: row.slug,
      sessionId: Number(row.session_id),
    };
  }

  async revoke(sessionId: number): Promise<void> {
    await this.em().nativeUpdate(AdminSession, { id: sessionId, revokedAt: null }, { revokedAt: new Date() });
  }

  /** Revokes every session of a user, except `keep` (the caller's own, after a password change). */
  async revokeAll(userId: number, keep?: number): Promise<void> {
    await this.em().nativeUpdate(AdminSession, { user: userId, revokedAt: null, ...(keep ? { id: { $ne: keep } } : {}) }, { revokedAt: new Date() });
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Admin sessions and their tokens. */
    sessions: SessionStore;
  }
  interface FastifyRequest {
    /** The signed-in user; set by the /api/v1 hook, null on public routes. */
    admin: AdminPrincipal | null;
  }
}

/**
 * Decorates `fastify.sessions` and `request.admin`.
 *
 * @example
 * request.admin?.role; // 'editor'
 */
export default fp(
  async (fastify) => {
    fastify.decorate('sessions', new SessionStore(() => fastify.campanile.db.em.fork(), fastify.config.sessionTtlMs));
    fastify.decorateRequest('admin', null);
  },
  { name: 'sessions', dependencies: ['campanile', 'env'] },
);
