import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ProblemError } from '../../../errors.js';
import { SESSION_COOKIE } from '../../../plugins/external/auth.js';
import type { AdminPrincipal } from '../../../plugins/app/sessions.js';
import { LoginBody, LoginReply, Me, PasswordChangeBody, publicResponses, responses } from '../../../schemas/index.js';
import { verifyPassword } from '../../../lib/passwords.js';
import { AdminUser } from '../../../../core/internal.js';

/**
 * Sign-in and the signed-in user: login (public, throttled), logout, me, password change.
 *
 * @example
 * curl -s -X POST localhost:3000/api/v1/auth/login -H 'content-type: application/json' -d '{"email":"…","password":"…"}'
 */
const auth: FastifyPluginAsyncTypebox = async (fastify) => {
  const me = async (admin: AdminPrincipal) => {
    const tenant = admin.tenantId === null ? null : await fastify.campanile.services.tenants.byId(admin.tenantId);
    return {
      id: admin.id, email: admin.email, displayName: admin.displayName, role: admin.role, tenant: admin.tenantSlug,
      tenantName: tenant?.name ?? null, timeZone: tenant?.timezone ?? null, languages: [...(tenant?.locales ?? [])],
      permissions: fastify.permissions.of(admin.role),
    };
  };

  fastify.post('/auth/login', {
    config: { audit: false },
    schema: {
      tags: ['auth'], summary: 'Sign in: returns a bearer token and sets the session cookie', security: [],
      body: LoginBody,
      response: publicResponses({ 200: LoginReply }, [400, 401, 415, 429]),
    },
  }, async (request, reply) => {
    const { email, password } = request.body;
    await fastify.loginThrottle.check(email, request.ip);
    const user = await fastify.users.authenticate(email, password);
    if (!user) {
      await fastify.loginThrottle.failed(email);
      throw new ProblemError('unauthenticated', 'Wrong e-mail or password (or the account is disabled).');
    }
    await fastify.loginThrottle.succeeded(email);
    const { token, expiresAt } = await fastify.sessions.create(user, request.ip);
    const principal = await fastify.sessions.resolve(token);
    if (!principal) throw new Error('A session just created does not resolve: check the clock and SESSION_TTL_HOURS.');
    await fastify.audit.record({ user: principal, tenantId: principal.tenantId, action: 'login', target: 'session', targetId: principal.sessionId, method: 'POST', path: '/api/v1/auth/login', status: 200, ip: request.ip });
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true, sameSite: 'strict', secure: fastify.config.cookieSecure, path: '/', expires: expiresAt,
    });
    return { token, expiresAt: expiresAt.toISOString(), user: await me(principal) };
  });

  fastify.post('/auth/logout', {
    config: { audit: { action: 'logout', target: 'session' } },
    schema: { tags: ['auth'], summary: 'Sign out: revokes the session at once', response: responses({ 204: Type.Null() }) },
  }, async (request, reply) => {
    const admin = request.admin as AdminPrincipal;
    await fastify.sessions.revoke(admin.sessionId);
    request.auditTargetId = admin.sessionId;
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  fastify.get('/auth/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user and their permissions', response: responses({ 200: Me }) },
  }, async (request) => me(request.admin as AdminPrincipal));

  fastify.post('/auth/password', {
    config: { audit: { action: 'update', target: 'password' } },
    schema: {
      tags: ['auth'], summary: 'Change the own password; every other session is revoked',
      body: PasswordChangeBody, response: responses({ 204: Type.Null() }, [400, 415]),
    },
  }, async (request, reply) => {
    const admin = request.admin as AdminPrincipal;
    const user = await fastify.campanile.db.em.fork().findOneOrFail(AdminUser, { id: admin.id });
    if (!(await verifyPassword(request.body.currentPassword, user.passwordHash, user.passwordSalt))) {
      throw new ProblemError('validation-failed', 'Invalid body: currentPassword is wrong.', [{ field: 'currentPassword', message: 'is wrong' }]);
    }
    await fastify.users.setPassword(admin.id, request.body.newPassword);
    await fastify.sessions.revokeAll(admin.id, admin.sessionId);
    request.auditTargetId = admin.id;
    return reply.code(204).send();
  });
};

export default auth;
