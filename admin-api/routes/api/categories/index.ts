import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Category as CategoryEntity, Notice } from '../../../../core/internal.js';
import { badRequest, conflict, notFound } from '../../../errors.js';
import { Category, CategoryCreate, CategoryOrder, CategoryUpdate, responses, tenantAnd, TenantParams } from '../../../schemas/index.js';
import { scopeOf } from '../autohooks.js';

/**
 * Notice categories of a comune: list, create, change, reorder, delete.
 *
 * @example
 * PUT /api/v1/tenants/esempio/categories/order {"ids":[3,1,2]}
 */
const categories: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['categories'];
  const CategoryParams = tenantAnd('categoryId');

  fastify.get('/tenants/:tenant/categories', {
    schema: { tags, summary: 'List categories in their order', 'x-permission': 'categories.read', params: TenantParams, response: responses({ 200: Type.Array(Category) }) },
  }, async (request) => scopeOf(request).em.find(CategoryEntity, {}, { orderBy: { position: 'asc', id: 'asc' } }));

  fastify.post('/tenants/:tenant/categories', {
    schema: { tags, summary: 'Create a category', 'x-permission': 'categories.write', params: TenantParams, body: CategoryCreate, response: responses({ 201: Category }, [400, 409, 415]) },
  }, async (request, reply) => {
    const { em, tenant } = scopeOf(request);
    const body = request.body;
    if (await em.count(CategoryEntity, { key: body.key })) throw conflict(`A category with key "${body.key}" exists: pick another key.`, 'key');
    const last = await em.findOne(CategoryEntity, {}, { orderBy: { position: 'desc' } });
    const row = em.create(CategoryEntity, {
      tenant: tenant.id, key: body.key, labels: body.labels, position: body.position ?? (last?.position ?? 0) + 1,
      urgentByDefault: body.urgentByDefault ?? false, active: body.active ?? true,
    });
    await em.flush();
    return reply.code(201).send(row);
  });

  fastify.get('/tenants/:tenant/categories/:categoryId', {
    schema: { tags, summary: 'Read a category', 'x-permission': 'categories.read', params: CategoryParams, response: responses({ 200: Category }) },
  }, async (request) => {
    const row = await scopeOf(request).em.findOne(CategoryEntity, { id: request.params.categoryId });
    if (!row) throw notFound(`Category ${request.params.categoryId}`);
    return row;
  });

  fastify.patch('/tenants/:tenant/categories/:categoryId', {
    schema: { tags, summary: 'Change a category', 'x-permission': 'categories.write', params: CategoryParams, body: CategoryUpdate, response: responses({ 200: Category }, [400, 415]) },
  }, async (request) => {
    const { em } = scopeOf(request);
    const row = await em.findOne(CategoryEntity, { id: request.params.categoryId });
    if (!row) throw notFound(`Category ${request.params.categoryId}`);
    Object.assign(row, Object.fromEntries(Object.entries(request.body).filter(([, v]) => v !== undefined)));
    await em.flush();
    return row;
  });

  fastify.put('/tenants/:tenant/categories/order', {
    config: { audit: { action: 'reorder', target: 'categories' } },
    schema: { tags, summary: 'Reorder categories: send every id in the new order', 'x-permission': 'categories.write', params: TenantParams, body: CategoryOrder, response: responses({ 200: Type.Array(Category) }, [400, 415]) },
  }, async (request) => {
    const { em } = scopeOf(request);
    const rows = await em.find(CategoryEntity, {});
    const byId = new Map(rows.map((r) => [r.id, r]));
    const { ids } = request.body;
    const unknown = ids.find((id) => !byId.has(id));
    if (unknown !== undefined) throw badRequest('ids', `contains ${unknown}, which is not a category of this comune`);
    if (ids.length !== rows.length) throw badRequest('ids', `must list all ${rows.length} categories`);
    ids.forEach((id, index) => {
      const row = byId.get(id);
      if (row) row.position = index + 1;
    });
    await em.flush();
    return ids.map((id) => byId.get(id));
  });

  fastify.delete('/tenants/:tenant/categories/:categoryId', {
    schema: { tags, summary: 'Delete a category without notices (deactivate it otherwise)', 'x-permission': 'categories.write', params: CategoryParams, response: responses({ 204: Type.Null() }, [409]) },
  }, async (request, reply) => {
    const { em } = scopeOf(request);
    const row = await em.findOne(CategoryEntity, { id: request.params.categoryId });
    if (!row) throw notFound(`Category ${request.params.categoryId}`);
    if (await em.count(Notice, { category: row.id })) throw conflict('The category has notices: deactivate it (PATCH active=false) to keep the archive.', 'categoryId');
    await em.removeAndFlush(row);
    return reply.code(204).send();
  });
};

export default categories;
