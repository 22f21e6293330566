import type { FastifyPluginAsync } from 'fastify';
import type { Campanile } from '../core/index.js';
import campanilePlugin from './plugins/app/campanile.js';
import health from './routes/health/index.js';
import webchatSocket from './routes/webchat/index.js';
import webhooks from './routes/webhooks/index.js';

export interface AppOptions {
  readonly campanile: Campanile;
}

/**
 * The HTTP application as one fastify plugin: external plugins, then app services, then routes, each
 * encapsulated. `server.ts` is the only file that listens; tests register this plugin on a fresh
 * fastify and use `inject`.
 *
 * @example
 * const fastify = Fastify();
 * await fastify.register(app, { campanile });
 */
const app: FastifyPluginAsync<AppOptions> = async (fastify, options) => {
  await fastify.register(campanilePlugin, { campanile: options.campanile });
  await fastify.register(health);
  await fastify.register(webhooks);
  await fastify.register(webchatSocket);
};

export default app;
