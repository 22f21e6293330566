import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import type { JsonSchema } from '../../../../core/internal.js';
import { PROBLEMS, ProblemError, type ProblemCode } from '../../../errors.js';
import { openEventStream, type EventStream } from '../../../lib/event-stream.js';
import { readUpload } from '../../../lib/uploads.js';
import { nonJson, responses, TenantSlug } from '../../../schemas/index.js';
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
  // Module event streams (an inbox kept live): ended at shutdown, else fastify.close() would wait on them.
  const streams = new Set<EventStream>();
  fastify.addHook('preClose', async () => {
    for (const stream of [...streams]) stream.end({ hangUp: true });
  });
  for (const { module, route } of fastify.campanile.modules.adminRoutes) {
    const path = route.path === '/' ? '' : route.path.startsWith('/') ? route.path : `/${route.path}`;
    const writes = route.method !== 'GET';
    // Module errors travel in the API's one problem shape, whatever shape the module declared.
    const declared = Object.entries(route.schema.response).map(([status, schema]) => [Number(status), schema] as const);
    const ok = Object.fromEntries(declared.filter(([status]) => status < 400)) as Record<number, TSchema>;
    if (route.eventStream && ok[200]) ok[200] = nonJson('Server-sent events', { 'text/event-stream': ok[200] });
    const errorStatuses = declared.filter(([status]) => status >= 400).map(([status]) => status);
    // An upload route's multipart stream is limited per file by readUpload; the body limit leaves room for the form.
    const bodyLimit = route.upload ? route.upload.maxBytes + 64 * 1024 : route.bodyLimit;
    fastify.route({
      method: route.method,
      url: `/tenants/:tenant/${module}${path}`,
      config: { audit: { target: module } },
      ...(bodyLimit ? { bodyLimit } : {}),
      schema: {
        tags: [module],
        summary: route.summary,
        'x-permission': route.permission,
        ...(bodyLimit ? { 'x-body-limit': bodyLimit } : {}),
        ...(route.upload ? { consumes: ['multipart/form-data'] } : {}),
        params: withTenant(route.schema.params),
        ...(route.schema.querystring ? { querystring: route.schema.querystring } : {}),
        ...(route.schema.body ? { body: route.schema.body } : {}),
        response: responses(ok, [...errorStatuses, ...(writes ? [400, 415] : route.schema.querystring ? [400] : []), ...(route.upload ? [413] : [])]),
      },
      handler: async (request, reply) => {
        const { tenant, em } = scopeOf(request);
        if (!tenant.enabledModules.includes(module)) throw new ProblemError('not-found', `Module "${module}" is not enabled for comune "${tenant.slug}".`);
        const admin = request.admin;
        if (!admin) throw new Error('Module route reached without a user: the /api/v1 hook must run first.');
        const spec = route.upload;
        const readFile = spec ? async () => {
          const upload = await readUpload(request, spec);
          return { fileName: upload.filename, mimeType: upload.mimeType, data: upload.data, fields: upload.fields };
        } : undefined;
        const answer = await route.handler({
          tenant, em,
          user: { id: admin.id, email: admin.email, role: admin.role },
          // Validated with the route's own schemas above: the handler's Static<> types hold.
          params: request.params,
          query: request.query ?? {},
          body: request.body,
          ...(readFile ? { readFile } : {}),
        });
        if (answer.status >= 400) return reply.code(answer.status).send(moduleProblem(module, answer.status, answer.body));
        if (route.eventStream && answer.events) {
          const stream = openEventStream(request, reply, streams);
          await answer.events(stream);
          return reply;
        }
        if (answer.stream) {
          const { contentType, fileName, chunks } = answer.stream;
          reply.code(answer.status).type(contentType);
          if (fileName) reply.header('content-disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`);
          // A Readable: fastify pipes it with backpressure and skips the response schema.
          return reply.send(Readable.from(chunks));
        }
        return reply.code(answer.status).send(answer.body ?? null);
      },
    });
  }
};

/** A module's error body (`{ code, message, details? }` or anything) as the API's problem shape. */
function moduleProblem(module: string, status: number, body: unknown): { status: number; code: ProblemCode; message: string; details?: unknown } {
  const error = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; message?: unknown; details?: unknown };
  const known = Object.entries(PROBLEMS).find(([code, s]) => code === error.code && s === status)?.[0];
  const byStatus = Object.entries(PROBLEMS).find(([code, s]) => s === status && code !== 'malformed-json' && code !== 'validation-failed')?.[0];
  return {
    status,
    code: (known ?? byStatus ?? (status >= 500 ? 'internal' : 'bad-request')) as ProblemCode,
    message: typeof error.message === 'string' ? error.message : `The ${module} module refused the request (${status}).`,
    ...(Array.isArray(error.details) ? { details: error.details } : {}),
  };
}

export default moduleRoutes;
