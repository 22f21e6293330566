import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * One change made through the admin API: who (user id and e-mail, copied so the entry survives the
 * user), in which tenant, on what target, which action, when and from which address.
 *
 * Plain ids, no foreign keys and no `tenant` filter: the log must outlive deleted users and tenants
 * (a deleted tenant's deletion is itself an entry), and superadmin actions belong to no tenant. The
 * admin API scopes reads by `tenantId` explicitly.
 *
 * @example
 * em.create(AuditEntry, { tenantId: 1, userId: 3, userEmail: 'a@b.it', action: 'create', target: 'category', targetId: '12', ip });
 */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entry',
  indexes: [{ properties: ['tenantId', 'createdAt'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenantId: p.integer().nullable(),
    userId: p.integer().nullable(),
    userEmail: p.string().length(254),
    /** `create`, `update`, `delete`, `send`, or a route's own verb (`erase`, `reorder`, `revoke`). */
    action: p.string().length(32),
    /** Kind of thing changed: `category`, `user`, `channel-account`, `<module>`… */
    target: p.string().length(64),
    targetId: p.string().length(128).nullable(),
    method: p.string().length(8),
    path: p.string().length(500),
    status: p.integer(),
    ip: p.string().length(64).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type AuditEntry = InferEntity<typeof AuditEntry>;
