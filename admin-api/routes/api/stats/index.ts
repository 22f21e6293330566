import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Category, Person } from '../../../../core/index.js';
import { responses, TenantParams, TenantStats } from '../../../schemas/index.js';
import { scopeOf } from '../autohooks.js';

/**
 * A comune's statistics: people, reachable identities per channel, subscribers per category. Three
 * grouped counts on indexed columns (plain SQL: the same text runs on SQLite and PostgreSQL); the notification engine adds notice statistics beside them.
 *
 * @example
 * GET /api/v1/tenants/esempio/stats
 */
const stats: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/tenants/:tenant/stats', {
    schema: { tags: ['stats'], summary: 'People, identities per channel, subscribers per category', 'x-permission': 'stats.read', params: TenantParams, response: responses({ 200: TenantStats }) },
  }, async (request) => {
    const { em, tenant } = scopeOf(request);
    const people = await em.count(Person, {});
    const byChannel = (await em.getConnection().execute(
      'select channel, active, count(*) as n from channel_identity where tenant_id = ? group by channel, active', [tenant.id],
    )) as { channel: string; active: boolean | number; n: number | string }[];
    const identities = new Map<string, { channel: string; active: number; inactive: number }>();
    for (const row of byChannel) {
      const entry = identities.get(row.channel) ?? { channel: row.channel, active: 0, inactive: 0 };
      if (row.active === true || row.active === 1) entry.active += Number(row.n);
      else entry.inactive += Number(row.n);
      identities.set(row.channel, entry);
    }
    const categories = await em.find(Category, {}, { orderBy: { position: 'asc', id: 'asc' } });
    const counts = (await em.getConnection().execute(
      'select category_id, count(*) as n from subscription where tenant_id = ? group by category_id', [tenant.id],
    )) as { category_id: number; n: number | string }[];
    const byCategory = new Map(counts.map((c) => [Number(c.category_id), Number(c.n)]));
    return {
      people,
      identities: [...identities.values()],
      subscribers: categories.map((c) => ({ category: c.key, count: byCategory.get(c.id) ?? 0 })),
    };
  });
};

export default stats;
