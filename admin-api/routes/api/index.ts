import type { FastifyPluginAsync } from 'fastify';
import autohooks from './autohooks.js';
import audit from './audit/index.js';
import auth from './auth/index.js';
import categories from './categories/index.js';
import channelAccounts from './channel-accounts/index.js';
import map from './map/index.js';
import media from './media/index.js';
import moduleRoutes from './modules/index.js';
import notices from './notices/index.js';
import numbers from './numbers/index.js';
import people from './people/index.js';
import settings from './settings/index.js';
import stats from './stats/index.js';
import tenants from './tenants/index.js';
import users from './users/index.js';

/**
 * The versioned REST API, mounted at `/api/v1`. `autohooks` guards the whole subtree (session,
 * tenant, permission, audit); each resource is an encapsulated plugin in its own folder.
 *
 * Adding a resource: create `<resource>/index.ts` (as `notices/index.ts`) with routes
 * that declare `tags`, `summary`, `'x-permission'`, `params`/`body`/`response` from `schemas/`, and
 * register it in `resources` below. Nothing else: the guard, audit, problem errors and the
 * OpenAPI-driven tests pick it up.
 *
 * @example
 * await fastify.register(api, { prefix: '/api/v1' });
 */
export const resources: readonly FastifyPluginAsync[] = [
  auth, tenants, users, categories, notices, numbers, media, people, stats, channelAccounts, audit, settings, map, moduleRoutes,
];

const api: FastifyPluginAsync = async (fastify) => {
  await fastify.register(autohooks);
  for (const resource of resources) await fastify.register(resource);
};

export default api;
