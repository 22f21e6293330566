import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Type } from '@sinclair/typebox';
import { ChannelIdentity, Person, Subscription } from '../../../../core/internal.js';
import { notFound } from '../../../errors.js';
import { pageOf, PeopleQuery, PersonRow, responses, Subscriber, SubscribersQuery, tenantAnd, TenantParams } from '../../../schemas/index.js';
import { scopeOf } from '../autohooks.js';

async function rowsOf(em: SqlEntityManager, people: Person[]) {
  const ids = people.map((p) => p.id);
  const identities = ids.length ? await em.find(ChannelIdentity, { person: { $in: ids } }, { orderBy: { id: 'asc' } }) : [];
  const subscriptions = ids.length ? await em.find(Subscription, { person: { $in: ids } }, { populate: ['category'] }) : [];
  return people.map((p) => ({
    id: p.id, locale: p.locale, createdAt: p.createdAt, lastSeenAt: p.lastSeenAt,
    identities: identities.filter((i) => i.person.id === p.id),
    categories: subscriptions.filter((s) => s.person.id === p.id).map((s) => s.category.key),
  }));
}

/**
 * People of a comune (citizens and staff as the bot knows them: channel ids, locale, categories),
 * search, erasure, and the subscriber list per category.
 *
 * @example
 * GET /api/v1/tenants/esempio/people?q=1234&channel=telegram
 * DELETE /api/v1/tenants/esempio/people/42   (erases every row of person 42, modules' too)
 */
const people: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['people'];
  const PersonParams = tenantAnd('personId');

  fastify.get('/tenants/:tenant/people', {
    schema: { tags, summary: 'List and search people', 'x-permission': 'people.read', params: TenantParams, querystring: PeopleQuery, response: responses({ 200: pageOf(PersonRow) }, [400]) },
  }, async (request) => {
    const { em } = scopeOf(request);
    const { q, channel, limit = 50, offset = 0 } = request.query;
    const where: Record<string, unknown> = {};
    const identity: Record<string, unknown> = {};
    if (channel) identity.channel = channel;
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      if (/^\d+$/.test(q)) where.$or = [{ id: Number(q) }, { identities: { externalId: { $like: like } } }];
      else identity.externalId = { $like: like };
    }
    if (Object.keys(identity).length) where.id = { $in: (await em.find(ChannelIdentity, identity, { fields: ['person'] })).map((i) => i.person.id) };
    const [rows, total] = await em.findAndCount(Person, where, { orderBy: { id: 'desc' }, limit, offset });
    return { items: await rowsOf(em, rows), total };
  });

  fastify.get('/tenants/:tenant/people/:personId', {
    schema: { tags, summary: 'Read a person', 'x-permission': 'people.read', params: PersonParams, response: responses({ 200: PersonRow }) },
  }, async (request) => {
    const { em } = scopeOf(request);
    const person = await em.findOne(Person, { id: request.params.personId });
    if (!person) throw notFound(`Person ${request.params.personId}`);
    const [row] = await rowsOf(em, [person]);
    return row;
  });

  fastify.delete('/tenants/:tenant/people/:personId', {
    config: { audit: { action: 'erase', target: 'person' } },
    schema: { tags, summary: 'Erase a person and all their data, in every module', 'x-permission': 'people.erase', params: PersonParams, response: responses({ 204: Type.Null() }) },
  }, async (request, reply) => {
    const { em } = scopeOf(request);
    if (!(await em.count(Person, { id: request.params.personId }))) throw notFound(`Person ${request.params.personId}`);
    await fastify.campanile.services.people.erase(em, request.params.personId);
    return reply.code(204).send();
  });

  fastify.get('/tenants/:tenant/subscribers', {
    schema: { tags, summary: 'List subscriptions, optionally of one category', 'x-permission': 'people.read', params: TenantParams, querystring: SubscribersQuery, response: responses({ 200: pageOf(Subscriber) }, [400]) },
  }, async (request) => {
    const { em } = scopeOf(request);
    const { category, limit = 50, offset = 0 } = request.query;
    const [rows, total] = await em.findAndCount(Subscription, category ? { category: { key: category } } : {}, { populate: ['category'], orderBy: { id: 'desc' }, limit, offset });
    return { items: rows.map((s) => ({ personId: s.person.id, category: s.category.key, subscribedAt: s.createdAt })), total };
  });
};

export default people;
