import { timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ProblemError } from '../../errors.js';
import { publicResponses } from '../../schemas/index.js';

/**
 * `GET /metrics` in Prometheus text format: HTTP latency, inbound events, and whatever other
 * components registered in `campanile.metrics`. With METRICS_TOKEN set it needs
 * `Authorization: Bearer <METRICS_TOKEN>`; without, it is public (bind HOST to a private address).
 *
 * @example
 * curl -s -H "authorization: Bearer $METRICS_TOKEN" localhost:3000/metrics
 */
const metrics: FastifyPluginAsync = async (fastify) => {
  const token = fastify.config.metricsToken;
  const expected = token ? Buffer.from(`Bearer ${token}`) : null;
  fastify.get('/metrics', {
    schema: {
      tags: ['operations'],
      summary: 'Prometheus metrics',
      ...(expected ? { security: [{ metricsToken: [] }] } : { security: [] }),
      response: publicResponses({ 200: Type.String({ description: 'Prometheus text exposition format 0.0.4' }) }, expected ? [401] : []),
    },
  }, async (request, reply) => {
    if (expected) {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new ProblemError('unauthenticated', 'Send "Authorization: Bearer <METRICS_TOKEN>" to read the metrics.');
      }
    }
    reply.type('text/plain; version=0.0.4; charset=utf-8');
    return fastify.metrics.render();
  });
};

export default metrics;
