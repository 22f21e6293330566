import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ROLES } from '../../module/admin-route.js';
import { Tenant } from './tenant.js';

/**
 * A person who signs in to the back office: a superadmin (no tenant, every comune) or a mayor, editor,
 * operator or staff manager of one tenant. The password is stored as a scrypt hash with a per-user salt.
 *
 * No `tenant` filter: a superadmin belongs to no tenant and sign-in looks users up across tenants, so
 * the admin API scopes every query on this table explicitly by tenant id.
 *
 * @example
 * em.create(AdminUser, { email: 'sindaco@comune.it', role: 'mayor', tenant, passwordHash, passwordSalt, active: true });
 */
export const AdminUser = defineEntity({
  name: 'AdminUser',
  tableName: 'admin_user',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    /** Lower-cased at write time; unique across tenants (one sign-in address, one account). */
    email: p.string().length(254).unique(),
    displayName: p.string().length(200).nullable(),
    // A string, not an enum: MikroORM 6.6's SQLite diff misreads some enum checks (see Notice).
    role: p.string().length(32),
    tenant: p.manyToOne(Tenant).deleteRule('cascade').nullable().index(),
    /** `scrypt$N$r$p$<base64 hash>`: the parameters travel with the hash so they can grow later. */
    passwordHash: p.string().length(255),
    passwordSalt: p.string().length(64),
    active: p.boolean().default(true),
    passwordChangedAt: p.datetime().onCreate(() => new Date()),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type AdminUser = InferEntity<typeof AdminUser>;
