import type { FastifyPluginAsync } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import type { JsonSchema } from '../../../../core/index.js';
import { ProblemError } from '../../../errors.js';
import { responses, TenantSlug } from '../../../schemas/index.js';
import { scopeOf } from '../autohooks.js';

/** Adds `:tenant` to a module route's params schema. */
function withTenant(params: JsonSchema | undefined): JsonSchema {
  const properties = (params?.properties ?? {}) as Record<string, unknown>;
  const required = (params?.required ?? []) as string[];
  return { type: 'object', ...params, properties: { tenant: TenantSlug, ...properties }, required: ['tenant', ...required] };
}

/**
 * Mounts every module's framework-neutral `AdminRoute` at `/tenants/:tenant/<module><path>`: the
 * /api/v1 hook checks the session, the tenant and the route's permission; fastify validates with the
 * route's schemas, which also go into OpenAPI under the module's tag. A module disabled for the comune
 * answers 404.
 *
 * @example
 * // modules/qa: api.adminRoute({ method: 'GET', path: '/unanswered', permission: 'qa.read', … })
 * // → GET /api/v1/tenants/esempio/qa/unanswered
 */
const moduleRoutes: FastifyPluginAsync = async (fastify) => {
  for (const { module, route } of fastify.campanile.modules.adminRoutes) {
    const path = route.path === '/' ? '' : route.path.startsWith('/') ? route.path : `/${route.path}`;
    const writes = route.method !== 'GET';
    fastify.route({
      method: route.method,
      url: `/tenants/:tenant/${module}${path}`,
      config: { audit: { target: module } },
      schema: {
        tags: [module],
        summary: route.summary,
        'x-permission': route.permission,
        params: withTenant(route.schema.params),
        ...(route.schema.querystring ? { querystring: route.schema.querystring } : {}),
        ...(route.schema.body ? { body: route.schema.body } : {}),
        response: responses(route.schema.response as Record<number, TSchema>, writes ? [400, 415] : route.schema.querystring ? [400] : []),
      },
      handler: async (request, reply) => {
        const { tenant, em } = scopeOf(request);
        if (!tenant.enabledModules.includes(module)) throw new ProblemError('not-found', `Module "${module}" is not enabled for comune "${tenant.slug}".`);
        const admin = request.admin;
        if (!admin) throw new Error('Module route reached without a user: the /api/v1 hook must run first.');
        const answer = await route.handler({
          tenant, em,
          user: { id: admin.id, email: admin.email, role: admin.role },
          params: request.params as Record<string, unknown>,
          query: (request.query ?? {}) as Record<string, unknown>,
          body: request.body,
        });
        return reply.code(answer.status).send(answer.body ?? null);
      },
    });
  }
};

export default moduleRoutes;
