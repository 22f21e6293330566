import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Tenant as TenantEntity } from '../../../../core/internal.js';
import { conflict, notFound } from '../../../errors.js';
import { responses, Tenant, TenantCreate, TenantParams, TenantUpdate } from '../../../schemas/index.js';

/**
 * Comuni (superadmin only): list, create with default categories, read, change, delete.
 *
 * @example
 * POST /api/v1/tenants {"slug":"trento","name":"Comune di Trento"}
 */
const tenants: FastifyPluginAsyncTypebox = async (fastify) => {
  const { services } = fastify.campanile;
  const em = () => fastify.campanile.db.em.fork();
  const tags = ['tenants'];
  const permission = 'tenants.manage';

  fastify.get('/tenants', {
    schema: { tags, summary: 'List comuni', 'x-permission': permission, response: responses({ 200: Type.Array(Tenant) }) },
  }, async () => em().find(TenantEntity, {}, { orderBy: { id: 'asc' } }));

  fastify.post('/tenants', {
    schema: { tags, summary: 'Create a comune (with the default categories)', 'x-permission': permission, body: TenantCreate, response: responses({ 201: Tenant }, [400, 409, 415]) },
  }, async (request, reply) => {
    const body = request.body;
    if (await services.tenants.bySlug(body.slug)) throw conflict(`A comune with slug "${body.slug}" exists: pick another slug.`, 'slug');
    const info = await services.tenants.ensure({
      slug: body.slug, name: body.name,
      ...(body.locales ? { locales: body.locales } : {}),
      ...(body.timezone ? { timezone: body.timezone } : {}),
      enabledModules: body.enabledModules ?? fastify.campanile.modules.modules.map((m) => m.name),
    });
    return reply.code(201).send(await em().findOneOrFail(TenantEntity, { id: info.id }));
  });

  fastify.get('/tenants/:tenant', {
    schema: { tags, summary: 'Read a comune', 'x-permission': permission, params: TenantParams, response: responses({ 200: Tenant }) },
  }, async (request) => em().findOneOrFail(TenantEntity, { slug: request.params.tenant }));

  fastify.patch('/tenants/:tenant', {
    schema: { tags, summary: 'Change a comune', 'x-permission': permission, params: TenantParams, body: TenantUpdate, response: responses({ 200: Tenant }, [400, 415]) },
  }, async (request) => {
    const fork = em();
    const row = await fork.findOne(TenantEntity, { slug: request.params.tenant });
    if (!row) throw notFound(`Comune "${request.params.tenant}"`);
    const { name, locales, timezone, enabledModules } = request.body;
    if (name !== undefined) row.name = name;
    if (locales !== undefined) row.locales = locales;
    if (timezone !== undefined) row.timezone = timezone;
    if (enabledModules !== undefined) row.enabledModules = enabledModules;
    await fork.flush();
    services.tenants.invalidate(row.slug);
    return row;
  });

  fastify.delete('/tenants/:tenant', {
    schema: { tags, summary: 'Delete a comune and all its data', 'x-permission': permission, params: TenantParams, response: responses({ 204: Type.Null() }, [409]) },
  }, async (request, reply) => {
    const slug = request.params.tenant;
    if (slug === fastify.campanile.defaultTenant.slug) throw conflict(`"${slug}" is the default comune of this installation: change CAMPANILE_TENANT_SLUG first.`, 'tenant');
    const fork = em();
    const row = await fork.findOne(TenantEntity, { slug });
    if (!row) throw notFound(`Comune "${slug}"`);
    request.auditTargetId = row.id;
    await fork.removeAndFlush(row);
    services.tenants.invalidate(slug);
    return reply.code(204).send();
  });
};

export default tenants;
