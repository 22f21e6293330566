import type { SqlEntityManager } from '@mikro-orm/knex';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { TenantInfo } from '../../../core/internal.js';
import { credentialOf } from '../../plugins/external/auth.js';
import { ProblemError } from '../../errors.js';

/** The comune a tenant-scoped request acts on, with an entity manager that cannot leave it. */
export interface TenantScope {
  readonly tenant: TenantInfo;
  readonly em: SqlEntityManager;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for routes with a `:tenant` path parameter, after the tenant check. */
    scope: TenantScope | null;
  }
}

/** The route's scope; a route without `:tenant` asking for it is a programming error. */
export function scopeOf(request: FastifyRequest): TenantScope {
  if (!request.scope) throw new Error(`Route ${request.routeOptions.url} has no :tenant parameter: only tenant-scoped routes have a scope.`);
  return request.scope;
}

const WRITES: Readonly<Record<string, string>> = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };

interface RouteSchemaExtras {
  security?: unknown[];
  tags?: string[];
  'x-permission'?: string;
}

/**
 * The one hook of the /api/v1 subtree (autohooks-style): every route below it is authenticated,
 * permission-checked and tenant-scoped here, and every change through it is audited. Routes only
 * declare, in their schema, what they need:
 *
 * - `security: []` → public (login); otherwise a bearer token or the session cookie, else 401;
 * - a `:tenant` path parameter → the comune must exist and be the user's own (superadmins: any),
 *   else 404, never 403: a user of comune A learns nothing about comune B;
 * - `'x-permission': 'categories.write'` → the user's role must hold it, else 403.
 *
 * Checks run in `onRequest`, before the body is read: an anonymous or unauthorised client cannot
 * make the server parse (or 400 on) a body. Audit runs in `onSend`, before the answer leaves, so
 * an acknowledged change is already in the log.
 *
 * @example
 * fastify.post('/tenants/:tenant/things', { schema: { tags: ['things'], 'x-permission': 'things.write', … } }, handler);
 */
export default fp(
  async (fastify) => {
    fastify.decorateRequest('scope', null);

    fastify.addHook('onRoute', (route) => {
      // Admin payloads are small: a tighter limit than the server's default 1 MiB (uploads set their own).
      route.bodyLimit ??= fastify.config.bodyLimit;
      const schema = (route.schema ?? {}) as RouteSchemaExtras;
      const permission = schema['x-permission'];
      if (permission && !fastify.permissions.has(permission)) {
        throw new Error(`Route ${route.method} ${route.url} needs permission "${permission}", which nobody declares: add it to BUILTIN_PERMISSIONS or the module's permissions.`);
      }
    });

    fastify.addHook('onRequest', async (request) => {
      const schema = (request.routeOptions.schema ?? {}) as RouteSchemaExtras;
      if (Array.isArray(schema.security) && schema.security.length === 0) return;

      const token = credentialOf(request);
      const admin = token ? await fastify.sessions.resolve(token) : null;
      if (!admin) throw new ProblemError('unauthenticated', 'Sign in first: POST /api/v1/auth/login, then send the token as "Authorization: Bearer <token>" (or the session cookie).');
      request.admin = admin;

      const slug = (request.params as Record<string, string | undefined>).tenant;
      if (slug !== undefined) {
        const tenant = await fastify.campanile.services.tenants.bySlug(slug);
        if (!tenant || (admin.role !== 'superadmin' && admin.tenantId !== tenant.id)) throw new ProblemError('not-found', `Comune "${slug}" not found.`);
        request.scope = { tenant, em: fastify.campanile.services.tenants.scopedEm(tenant.id) };
      }

      const permission = schema['x-permission'];
      if (permission && !fastify.permissions.allows(admin.role, permission)) {
        throw new ProblemError('forbidden', `Your role (${admin.role}) lacks the permission "${permission}": ask your comune's mayor or a superadmin.`);
      }
    });

    // A route with a JSON body schema takes JSON only: fastify would also parse text/plain (and
    // multipart, for uploads) into something that fails validation with a confusing message.
    fastify.addHook('preValidation', async (request) => {
      const schema = request.routeOptions.schema;
      if (!schema?.body) return;
      const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json' && !type?.endsWith('+json')) {
        throw new ProblemError('unsupported-media-type', `Content-Type ${type || '(none)'} is not accepted here: send application/json.`);
      }
    });

    fastify.addHook('onSend', async (request, reply, payload) => {
      const verb = WRITES[request.method];
      const audit = request.routeOptions.config.audit;
      if (!verb || !request.admin || reply.statusCode >= 400 || audit === false) return payload;
      const schema = (request.routeOptions.schema ?? {}) as RouteSchemaExtras;
      try {
        await fastify.audit.record({
          user: request.admin,
          tenantId: request.scope?.tenant.id ?? request.admin.tenantId,
          action: audit?.action ?? verb,
          target: audit?.target ?? schema.tags?.[0] ?? 'api',
          targetId: request.auditTargetId ?? targetIdOf(request.params as Record<string, unknown>, payload),
          method: request.method,
          path: request.url.split('?')[0] ?? request.url,
          status: reply.statusCode,
          ip: request.ip,
        });
      } catch (error) {
        request.log.error({ err: error }, 'audit entry could not be written');
      }
      return payload;
    });
  },
  { name: 'api-guard', dependencies: ['sessions', 'permissions', 'audit', 'campanile', 'env'] },
);

/** The changed thing's id: the last path parameter besides `:tenant`, else the answer's `id`. */
function targetIdOf(params: Record<string, unknown>, payload: unknown): string | null {
  const names = Object.keys(params).filter((n) => n !== 'tenant');
  const last = names[names.length - 1];
  if (last !== undefined) return String(params[last]);
  if (typeof payload === 'string' && payload.startsWith('{')) {
    const match = /"id":\s*(\d+)/.exec(payload.slice(0, 200));
    if (match?.[1]) return match[1];
  }
  if (params.tenant !== undefined) return String(params.tenant);
  return null;
}
