import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AdminUser } from '../../../../core/internal.js';
import { notFound } from '../../../errors.js';
import { responses, RolesReply, tenantAnd, TenantParams, User, UserCreate, UserUpdate } from '../../../schemas/index.js';
import { scopeOf } from '../autohooks.js';

/**
 * A comune's admin users (mayor), and the role/permission table (everyone signed in).
 *
 * @example
 * POST /api/v1/tenants/esempio/users {"email":"redazione@comune.it","role":"editor","password":"…"}
 */
const users: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['users'];
  const em = () => fastify.campanile.db.em.fork();
  const UserParams = tenantAnd('userId');

  fastify.get('/roles', {
    schema: { tags, summary: 'Roles and the permissions each holds (built-in and modules\')', response: responses({ 200: RolesReply }) },
  }, async () => ({ roles: fastify.permissions.roles(), permissions: fastify.permissions.all().map((p) => ({ name: p.name, description: p.description, roles: [...p.roles], module: p.module })) }));

  fastify.get('/tenants/:tenant/users', {
    schema: { tags, summary: 'List the comune\'s admin users', 'x-permission': 'users.read', params: TenantParams, response: responses({ 200: Type.Array(User) }) },
  }, async (request) => em().find(AdminUser, { tenant: scopeOf(request).tenant.id }, { orderBy: { id: 'asc' } }));

  fastify.post('/tenants/:tenant/users', {
    schema: { tags, summary: 'Create an admin user in the comune', 'x-permission': 'users.write', params: TenantParams, body: UserCreate, response: responses({ 201: User }, [400, 409, 415]) },
  }, async (request, reply) => {
    const { email, password, role, displayName } = request.body;
    const user = await fastify.users.create({ email, password, role, tenantId: scopeOf(request).tenant.id, displayName: displayName ?? null });
    return reply.code(201).send(user);
  });

  fastify.patch('/tenants/:tenant/users/:userId', {
    schema: { tags, summary: 'Change a user (role, name, active, password); deactivating revokes their sessions', 'x-permission': 'users.write', params: UserParams, body: UserUpdate, response: responses({ 200: User }, [400, 415]) },
  }, async (request) => {
    const fork = em();
    const user = await fork.findOne(AdminUser, { id: request.params.userId, tenant: scopeOf(request).tenant.id });
    if (!user) throw notFound(`User ${request.params.userId}`);
    const { displayName, role, active, password } = request.body;
    if (displayName !== undefined) user.displayName = displayName;
    if (role !== undefined) user.role = role;
    if (active !== undefined) user.active = active;
    await fork.flush();
    if (password !== undefined) await fastify.users.setPassword(user.id, password);
    if (active === false || password !== undefined || role !== undefined) await fastify.sessions.revokeAll(user.id);
    return user;
  });

  fastify.delete('/tenants/:tenant/users/:userId', {
    schema: { tags, summary: 'Remove a user (their sessions end at once)', 'x-permission': 'users.write', params: UserParams, response: responses({ 204: Type.Null() }) },
  }, async (request, reply) => {
    const deleted = await em().nativeDelete(AdminUser, { id: request.params.userId, tenant: scopeOf(request).tenant.id });
    if (deleted === 0) throw notFound(`User ${request.params.userId}`);
    return reply.code(204).send();
  });
};

export default users;
