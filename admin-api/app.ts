import type { FastifyPluginAsync } from 'fastify';
import type { Campanile } from '../core/internal.js';
import { errorsPlugin } from './errors.js';
import auditPlugin from './plugins/app/audit.js';
import campanilePlugin from './plugins/app/campanile.js';
import loginThrottlePlugin from './plugins/app/login-throttle.js';
import metricsPlugin from './plugins/app/metrics.js';
import permissionsPlugin from './plugins/app/permissions.js';
import sessionsPlugin from './plugins/app/sessions.js';
import usersPlugin from './plugins/app/users.js';
import authPlugin from './plugins/external/auth.js';
import envPlugin from './plugins/external/env.js';
import multipartPlugin from './plugins/external/multipart.js';
import swaggerPlugin from './plugins/external/swagger.js';
import adminUi from './routes/admin-ui/index.js';
import api from './routes/api/index.js';
import health from './routes/health/index.js';
import metrics from './routes/metrics/index.js';
import adapterSockets from './routes/sockets/index.js';
import join from './routes/join/index.js';
import publicFace from './routes/public/index.js';
import webhooks from './routes/webhooks/index.js';
import type { LiveAccountsOptions } from './wiring/live-accounts.js';

export interface AppOptions {
  readonly campanile: Campanile;
  /** Environment to read settings from (default `process.env`); tests pass their own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Run the stored channel accounts, following changes without a restart (see `CampanilePluginOptions`). */
  readonly channelAccounts?: LiveAccountsOptions;
}

/**
 * The HTTP application as one fastify plugin: external plugins (env, swagger, auth, multipart), then
 * app services (campanile, permissions, users, sessions, audit, login throttle, metrics), then routes,
 * each encapsulated. `server.ts` is the only file that listens; tests register this plugin on a fresh
 * fastify and use `inject`.
 *
 * @example
 * const fastify = Fastify();
 * await fastify.register(app, { campanile });
 */
const app: FastifyPluginAsync<AppOptions> = async (fastify, options) => {
  // external
  await fastify.register(errorsPlugin);
  await fastify.register(envPlugin, { env: options.env ?? process.env });
  await fastify.register(swaggerPlugin);
  await fastify.register(authPlugin);
  await fastify.register(multipartPlugin);
  // app services
  await fastify.register(campanilePlugin, { campanile: options.campanile, ...(options.channelAccounts ? { channelAccounts: options.channelAccounts } : {}) });
  await fastify.register(permissionsPlugin);
  await fastify.register(usersPlugin);
  await fastify.register(sessionsPlugin);
  await fastify.register(auditPlugin);
  await fastify.register(loginThrottlePlugin);
  await fastify.register(metricsPlugin);
  // routes
  await fastify.register(health);
  await fastify.register(metrics);
  await fastify.register(webhooks);
  await fastify.register(publicFace);
  await fastify.register(join);
  await fastify.register(api, { prefix: '/api/v1' });
  await fastify.register(adapterSockets);
  await fastify.register(adminUi);
};

export default app;
