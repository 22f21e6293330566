import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import fp from 'fastify-plugin';
import type { Test } from 'tap';
import app from '../../admin-api/app.js';
import type { LiveAccountsOptions } from '../../admin-api/wiring/live-accounts.js';
import type { Campanile, ChannelAdapter, ChannelFactory, FeatureModule, NotificationOptions, Role } from '../../core/internal.js';
import { allModules } from '../../modules/index.js';
import type { MemoryAdapter } from '../../adapters/memory/index.js';
import { buildApp } from './campanile.js';
import type { TestDatabase } from './database.js';

/** A test password that passes the length rule. */
export const PASSWORD = 'correct horse battery staple';

/** A request as some role of some comune would send it. */
export type InjectAs = (options: InjectOptions) => Promise<LightMyRequestResponse>;

export interface AdminTestApp {
  readonly fastify: FastifyInstance;
  readonly campanile: Campanile;
  /** The default comune's slug. */
  readonly tenant: string;
  /** A second comune, for isolation tests. */
  readonly otherTenant: string;
  /**
   * Injects as a user with `role` in `tenant` (default: the default comune; ignored for superadmin).
   * Users and their tokens are created on first use and cached.
   */
  injectAs(role: Role, tenant?: string): Promise<InjectAs>;
  /** The bearer token of that user. */
  tokenOf(role: Role, tenant?: string): Promise<string>;
}

/**
 * Builds the real admin API on a real Campanile (SQLite, or PostgreSQL with TEST_DATABASE_URL) with a
 * second comune, and closes both when the test ends.
 *
 * @example
 * const { fastify, injectAs, tenant } = await build(t);
 * const res = await (await injectAs('editor'))({ method: 'GET', url: `/api/v1/tenants/${tenant}/categories` });
 */
export async function build(
  t: Test,
  options: {
    modules?: readonly FeatureModule[]; env?: Record<string, string>; notifications?: Partial<NotificationOptions>;
    /** Run the stored channel accounts, as `npm start` does (default: only store them). */
    channelAccounts?: LiveAccountsOptions;
    /** The registered channel factories (default the shipped ones, as `npm start`). */
    channels?: readonly ChannelFactory[];
    /** The memory channel to drive citizens with (default a new one). */
    memory?: MemoryAdapter;
    /** Another instance's database: two Campanile + admin API processes on one database. */
    database?: TestDatabase;
    /** More channels besides memory (e.g. WhatsApp on a fake Graph API). */
    adapters?: { adapter: ChannelAdapter; tenant?: string }[];
  } = {},
): Promise<AdminTestApp> {
  const { app: campanile, tenant } = await buildApp(t, {
    modules: options.modules ?? allModules, ...(options.channels ? { channels: options.channels } : {}), ...(options.notifications ? { notifications: options.notifications } : {}),
    ...(options.memory ? { memory: options.memory } : {}), ...(options.database ? { database: options.database } : {}),
    ...(options.adapters ? { adapters: options.adapters } : {}),
  });
  const other = await campanile.services.tenants.ensure({ slug: 'altro', name: 'Comune Altro', enabledModules: campanile.modules.modules.map((m) => m.name) });
  const fastify = Fastify({ logger: false });
  // fp: the app's decorators (users, sessions…) become visible to the test, as fastify-cli's helper does.
  await fastify.register(fp(app), { campanile, env: { ...options.env }, ...(options.channelAccounts ? { channelAccounts: options.channelAccounts } : {}) });
  await fastify.ready();
  t.teardown(() => fastify.close());

  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (role: Role, tenantSlug: string = tenant): Promise<string> => {
    const key = role === 'superadmin' ? role : `${role}@${tenantSlug}`;
    let token = tokens.get(key);
    if (!token) {
      token = (async () => {
        const info = role === 'superadmin' ? null : await campanile.services.tenants.bySlug(tenantSlug);
        if (role !== 'superadmin' && !info) throw new Error(`No comune "${tenantSlug}" in this test app.`);
        const user = await fastify.users.create({ email: `${key.replace('@', '.')}@test.example`, password: PASSWORD, role, tenantId: info?.id ?? null });
        return (await fastify.sessions.create(user, '127.0.0.1')).token;
      })();
      tokens.set(key, token);
    }
    return token;
  };
  const injectAs = async (role: Role, tenantSlug?: string): Promise<InjectAs> => {
    const token = await tokenOf(role, tenantSlug);
    return (opts) => fastify.inject({ ...opts, headers: { ...opts.headers, authorization: `Bearer ${token}` } });
  };
  return { fastify, campanile, tenant, otherTenant: other.slug, injectAs, tokenOf };
}

/**
 * Asserts a 400 problem whose details name `field`.
 *
 * @example
 * expectValidationError(t, res, 'labels');
 */
export function expectValidationError(t: Test, response: LightMyRequestResponse, field: string, code: string = 'validation-failed'): void {
  t.equal(response.statusCode, 400, `400 for ${field}: ${response.body}`);
  const body = response.json() as { status: number; code: string; message: string; details?: { field: string; message: string }[] };
  t.equal(body.code, code, `code ${code}`);
  t.equal(body.status, 400);
  t.ok(body.details?.some((d) => d.field === field || d.field.startsWith(`${field}.`)), `details name ${field}: ${JSON.stringify(body.details)}`);
  t.match(body.message, field === 'body' ? /JSON|body/ : field, 'message names the field');
}

/** Asserts the problem shape: status, code, message, no stack. */
export function expectProblem(t: Test, response: LightMyRequestResponse, status: number, code?: string): void {
  t.equal(response.statusCode, status, `status ${status}: ${response.body.slice(0, 300)}`);
  const body = response.json() as Record<string, unknown>;
  t.equal(body.status, status);
  if (code) t.equal(body.code, code);
  t.type(body.message, 'string');
  t.notOk('stack' in body, 'no stack trace');
}
