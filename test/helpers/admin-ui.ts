import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Test } from 'tap';
import app from '../../admin-api/app.js';
import { createLogger, type ChannelAdapter, type ChannelFactory, type FactoryEnv, type Role } from '../../core/internal.js';
import { PASSWORD } from './app.js';
import { buildApp, type TestApp } from './campanile.js';

export interface AdminUiServer extends TestApp {
  readonly fastify: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** Creates a user of the default comune and returns their e-mail (password: PASSWORD). */
  user(role: Role): Promise<string>;
}

/**
 * The real admin API and admin UI on a real Campanile (memory channel, real notification engine),
 * listening on a free port.
 *
 * @example
 * const server = await startAdminUi(t);
 * await page.goto(`${server.base}/admin/`);
 */
export async function startAdminUi(t: Test, options: {
  /** The deployment's channel factories (default the built-in ones). */
  channels?: readonly ChannelFactory[];
  /** Run the stored channel accounts as `server.ts` does, with these shared settings (fakes' API roots). */
  channelAccountsEnv?: FactoryEnv;
  /** More channel adapters next to the memory channel (the web chat, to open its page in a browser). */
  adapters?: { adapter: ChannelAdapter; tenant?: string }[];
} = {}): Promise<AdminUiServer> {
  const built = await buildApp(t, { ...(options.channels ? { channels: options.channels } : {}), ...(options.adapters ? { adapters: options.adapters } : {}) });
  const fastify = Fastify({ logger: false });
  const channelAccounts = options.channelAccountsEnv ? { channelAccounts: { env: options.channelAccountsEnv, log: createLogger({ level: 'silent' }), pollMs: 0 } } : {};
  await fastify.register(fp(app), { campanile: built.app, env: {}, ...channelAccounts });
  await fastify.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => fastify.close());
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const user = async (role: Role) => {
    const email = `${role}@comune.example.it`;
    await fastify.users.create({ email, password: PASSWORD, role, tenantId: role === 'superadmin' ? null : built.app.defaultTenant.id });
    return email;
  };
  return { ...built, fastify, base: `http://127.0.0.1:${port}`, user };
}

/**
 * Signs `email` in on the admin UI's sign-in page (password: PASSWORD) and waits for the signed-in header.
 *
 * @example
 * await signIn(page, server, await server.user('mayor'));
 */
export async function signIn(page: import('playwright-core').Page, server: Pick<AdminUiServer, 'base'>, email: string): Promise<void> {
  await page.goto(`${server.base}/admin/`);
  await page.getByRole('heading', { level: 1, name: 'Accedi' }).waitFor();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.getByRole('button', { name: 'Esci' }).waitFor();
}
