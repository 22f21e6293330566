import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { AdminUser } from './admin-user.js';

/**
 * A signed-in admin session. The client holds an opaque random token; only its SHA-256 is stored, so
 * a leaked table cannot be replayed. Revoking sets `revokedAt`; every request checks it, so a revoked
 * token stops working at once.
 *
 * @example
 * em.create(AdminSession, { user, tokenHash: sha256(token), expiresAt, ip: '127.0.0.1' });
 */
export const AdminSession = defineEntity({
  name: 'AdminSession',
  tableName: 'admin_session',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    user: p.manyToOne(AdminUser).deleteRule('cascade').index(),
    /** Hex SHA-256 of the token. */
    tokenHash: p.string().length(64).unique(),
    ip: p.string().length(64).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
  }),
});
export type AdminSession = InferEntity<typeof AdminSession>;
