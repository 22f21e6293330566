import fp from 'fastify-plugin';
import type { Campanile } from '../../../core/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The running engine, its database and services. */
    campanile: Campanile;
  }
}

/**
 * Makes the running Campanile available to every route as `fastify.campanile`.
 *
 * @example
 * await fastify.register(campanilePlugin, { campanile });
 * fastify.campanile.engine.handle(event);
 */
export default fp<{ campanile: Campanile }>(
  async (fastify, options) => {
    fastify.decorate('campanile', options.campanile);
  },
  { name: 'campanile' },
);
