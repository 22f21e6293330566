import Fastify from 'fastify';
import { createCampanile, createLogger, loadConfig } from '../core/internal.js';
import { allModules } from '../modules/index.js';
import app from './app.js';
import { builtInChannels, defaultChannels } from '../adapters/index.js';
import { configuredAdapters, factoryContext } from './wiring/adapters.js';
import { DeploymentError, readDeploymentPlan, resolveDeployment } from './wiring/deployment.js';

/**
 * `npm start`: opens the database (SQLite under ./data unless DATABASE_URL is set), applies migrations,
 * starts the engine, the configured channels (environment and stored channel accounts, the latter followed
 * live) and the HTTP server on HOST:PORT, and closes everything
 * in order on SIGINT/SIGTERM.
 */
const config = loadConfig(process.env);
const log = createLogger({ level: config.logLevel });
// The default tenant's channels from the environment. Every tenant's stored channel accounts are attached
// by the app when the server is ready and follow the table from then on (LiveAccounts: at once after a
// change through the API, within 10 s when another process made it), with no restart.
// The channels and modules this deployment names (campanile.config.json, CAMPANILE_ADAPTERS, CAMPANILE_MODULES):
// built-in names or npm packages. Every wrong entry is reported at once, before anything opens or listens.
let deployment: Awaited<ReturnType<typeof resolveDeployment>>;
let adapters: ReturnType<typeof configuredAdapters>;
try {
  const plan = await readDeploymentPlan(process.env, process.cwd(), { adapters: defaultChannels.map((f) => f.channel), modules: allModules.map((m) => m.name) });
  deployment = await resolveDeployment(plan, { channels: builtInChannels, modules: Object.fromEntries(allModules.map((m) => [m.name, m])) });
  log.info({ source: plan.source, adapters: plan.adapters, modules: plan.modules }, 'deployment');
  adapters = configuredAdapters(deployment.channels, factoryContext(config, process.env));
} catch (error) {
  log.fatal({ err: error, problems: error instanceof DeploymentError ? error.problems : undefined }, error instanceof Error ? error.message : String(error));
  process.exit(1);
}
const { channels, modules } = deployment;
const campanile = await createCampanile({ config, log, modules, adapters, channels });
const fastify = Fastify({ loggerInstance: log.child({ component: 'http' }), trustProxy: process.env.TRUST_PROXY === 'true' });
await fastify.register(app, {
  campanile,
  channelAccounts: { env: process.env, log: log.child({ component: 'channel-accounts' }) },
});
await campanile.start();

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
await fastify.listen({ port, host });
// 0.0.0.0 / :: listen everywhere; a browser on this machine reaches them as 127.0.0.1.
const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
const chatUrl = `http://${shown}:${port}/chat/${campanile.defaultTenant.slug}`;
log.info({ url: `http://${shown}:${port}`, tenant: campanile.defaultTenant.slug, database: campanile.db.dialect, chat: chatUrl }, 'Campanile is running');
log.info({ url: chatUrl }, `Web chat: open ${chatUrl}`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    await fastify.close();
    await campanile.stop();
    process.exit(0);
  });
}
