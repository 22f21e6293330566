import type { FastifyPluginAsync } from 'fastify';

/**
 * Operations probes: `/healthz` (the process answers) and `/readyz` (database reachable, migrations
 * applied). Public: load balancers call them without credentials.
 *
 * @example
 * curl -s localhost:3000/readyz
 */
const health: FastifyPluginAsync = async (fastify) => {
  fastify.get('/healthz', {
    schema: { tags: ['operations'], summary: 'Liveness probe', security: [], response: { 200: { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] } } },
  }, async () => ({ status: 'ok' }));

  fastify.get('/readyz', {
    schema: {
      tags: ['operations'],
      summary: 'Readiness probe: database reachable and migrations applied',
      security: [],
      response: {
        200: { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] },
        503: { type: 'object', properties: { status: { type: 'string' }, reason: { type: 'string' } }, required: ['status', 'reason'] },
      },
    },
  }, async (_request, reply) => {
    const { db } = fastify.campanile;
    try {
      await db.em.getConnection().execute('select 1');
      const pending = await db.pendingMigrations();
      if (pending.length > 0) return reply.code(503).send({ status: 'not-ready', reason: `pending migrations: ${pending.join(', ')}` });
      return { status: 'ready' };
    } catch (error) {
      return reply.code(503).send({ status: 'not-ready', reason: `database unreachable: ${(error as Error).message}` });
    }
  });
};

export default health;
