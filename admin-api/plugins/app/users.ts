import type { SqlEntityManager } from '@mikro-orm/knex';
import fp from 'fastify-plugin';
import { AdminUser, type Role } from '../../../core/internal.js';
import { conflict } from '../../errors.js';
import { hashPassword, verifyPassword, DUMMY } from '../../lib/passwords.js';

/** What a new admin user needs. */
export interface NewUser {
  readonly email: string;
  readonly password: string;
  readonly role: Role;
  /** Tenant id; null only for a superadmin. */
  readonly tenantId: number | null;
  readonly displayName?: string | null;
}

/**
 * Admin users: creation, lookup and password checks. Every lookup by tenant is explicit (the table has
 * no tenant filter, see `AdminUser`).
 *
 * @example
 * const user = await fastify.users.create({ email: 'a@b.it', password: '…', role: 'editor', tenantId: 1 });
 * const ok = await fastify.users.authenticate('a@b.it', '…'); // AdminUser | null
 */
export class UsersRepository {
  constructor(private readonly em: () => SqlEntityManager) {}

  async create(input: NewUser): Promise<AdminUser> {
    if ((input.role === 'superadmin') !== (input.tenantId === null)) {
      throw new Error('A superadmin has no tenant and every other role has one: pass tenantId null only with role superadmin.');
    }
    const em = this.em();
    const email = input.email.trim().toLowerCase();
    if (await em.count(AdminUser, { email })) throw conflict(`A user with e-mail ${email} already exists: pick another address.`, 'email');
    const { hash, salt } = await hashPassword(input.password);
    const user = em.create(AdminUser, {
      email, role: input.role, tenant: input.tenantId, displayName: input.displayName ?? null,
      passwordHash: hash, passwordSalt: salt, active: true,
    });
    await em.flush();
    return user;
  }

  /** The active user with these credentials, or null. Always spends one hash, so timing does not reveal accounts. */
  async authenticate(email: string, password: string): Promise<AdminUser | null> {
    const user = await this.em().findOne(AdminUser, { email: email.trim().toLowerCase() }, { populate: ['tenant'] });
    if (!user) {
      const dummy = await DUMMY;
      await verifyPassword(password, dummy.hash, dummy.salt);
      return null;
    }
    const ok = await verifyPassword(password, user.passwordHash, user.passwordSalt);
    return ok && user.active ? user : null;
  }

  async setPassword(userId: number, password: string): Promise<void> {
    const { hash, salt } = await hashPassword(password);
    await this.em().nativeUpdate(AdminUser, { id: userId }, { passwordHash: hash, passwordSalt: salt, passwordChangedAt: new Date() });
  }

  /** Creates the first superadmin from the environment when no superadmin exists yet. */
  async ensureSuperadmin(email: string, password: string): Promise<AdminUser | null> {
    const em = this.em();
    if (await em.count(AdminUser, { role: 'superadmin' })) return null;
    try {
      return await this.create({ email, password, role: 'superadmin', tenantId: null });
    } catch (error) {
      // Two processes starting together on an empty database: the other one created it first.
      if (await this.em().count(AdminUser, { role: 'superadmin' })) return null;
      throw error;
    }
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Admin users. */
    users: UsersRepository;
  }
}

/**
 * Decorates `fastify.users`, and creates the first superadmin from CAMPANILE_ADMIN_EMAIL /
 * CAMPANILE_ADMIN_PASSWORD when there is none.
 *
 * @example
 * await fastify.users.create({ email, password, role: 'mayor', tenantId: tenant.id });
 */
export default fp(
  async (fastify) => {
    const repo = new UsersRepository(() => fastify.campanile.db.em.fork());
    fastify.decorate('users', repo);
    const { adminEmail, adminPassword } = fastify.config;
    if (adminEmail && adminPassword) {
      const created = await repo.ensureSuperadmin(adminEmail, adminPassword);
      if (created) fastify.log.info({ email: created.email }, 'first superadmin created from CAMPANILE_ADMIN_EMAIL');
    }
  },
  { name: 'users', dependencies: ['campanile', 'env'] },
);
