import fp from 'fastify-plugin';
import type { MetricsRegistry } from '../../../core/internal.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The process's Prometheus registry (`campanile.metrics`): add counters and gauges to it. */
    metrics: MetricsRegistry;
  }
}

/**
 * HTTP metrics: a latency histogram per method, route pattern and status class. Labels use the route
 * pattern (`/api/v1/tenants/:tenant/categories`), never the raw URL, so series stay few.
 *
 * @example
 * fastify.metrics.gauge('campanile_outbox_depth', 'Pending deliveries per lane', ['lane']).set({ lane: 'urgent' }, 3);
 */
export default fp(
  async (fastify) => {
    const metrics = fastify.campanile.metrics;
    fastify.decorate('metrics', metrics);
    const latency = metrics.histogram('campanile_http_request_duration_seconds', 'HTTP request latency', ['method', 'route', 'status']);
    fastify.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      latency.observe({ method: request.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
    });
  },
  { name: 'metrics', dependencies: ['campanile'] },
);
