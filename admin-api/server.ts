import Fastify from 'fastify';
import { ConfigError, createCampanile, createLogger, loadConfig, type CampanileConfig } from '../core/internal.js';
import { loadAdminConfig } from './plugins/external/env.js';
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
// The channels and modules this deployment names (campanile.config.json, CAMPANILE_ADAPTERS, CAMPANILE_MODULES):
// built-in names or npm packages. Every wrong entry is reported at once, before anything opens or listens.
let deployment: Awaited<ReturnType<typeof resolveDeployment>>;
let plan: Awaited<ReturnType<typeof readDeploymentPlan>>;
try {
  plan = await readDeploymentPlan(process.env, process.cwd(), { adapters: defaultChannels.map((f) => f.channel), modules: allModules.map((m) => m.name) });
  deployment = await resolveDeployment(plan, { channels: builtInChannels, modules: Object.fromEntries(allModules.map((m) => [m.name, m])) });
} catch (error) {
  createLogger({ level: 'info' }).fatal({ err: error, problems: error instanceof DeploymentError ? error.problems : undefined }, error instanceof Error ? error.message : String(error));
  process.exit(1);
}
// Then the configuration: every wrong variable is reported in one message, before a folder, a file or a
// database connection exists (the core's variables, the admin API's and the channels' — TELEGRAM_*,
// WHATSAPP_*, … — checked together).
let config: CampanileConfig;
let adapters: ReturnType<typeof configuredAdapters>;
try {
  const problems: ConfigError['problems'][number][] = [];
  const collect = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const core = collect(() => loadConfig(process.env));
  collect(() => loadAdminConfig(process.env));
  // With the core's defaults when its own variables are wrong: the channels only read their folders' names here.
  const bound = collect(() => configuredAdapters(deployment.channels, factoryContext(core ?? loadConfig({}), process.env)));
  if (!core || !bound || problems.length > 0) throw new ConfigError(problems);
  config = core;
  adapters = bound;
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  createLogger({ level: 'info' }).fatal({ problems: error instanceof ConfigError ? error.problems : undefined }, 'configuration refused');
  process.stderr.write(`${message}\n`);
  // 78, EX_CONFIG (sysexits.h): supervisors can tell "fix the configuration" from a crash and not restart in a loop.
  process.exit(error instanceof ConfigError ? 78 : 1);
}
const log = createLogger({ level: config.logLevel });
log.info({ source: plan.source, adapters: plan.adapters, modules: plan.modules }, 'deployment');
// The default tenant's channels come from the environment (above). Every tenant's stored channel accounts
// are attached by the app when the server is ready and follow the table from then on (LiveAccounts: at
// once after a change through the API, within 10 s when another process made it), with no restart.
const { channels, modules } = deployment;
const campanile = await createCampanile({ config, log, modules, adapters, channels });
const fastify = Fastify({ loggerInstance: log.child({ component: 'http' }), trustProxy: trustProxyOption(config.http.trustProxy) });
await fastify.register(app, {
  campanile,
  channelAccounts: { env: process.env, log: log.child({ component: 'channel-accounts' }) },
});
await campanile.start();

const { port, host } = config.http;
await fastify.listen({ port, host });
// 0.0.0.0 / :: listen everywhere; a browser on this machine reaches them as 127.0.0.1.
const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
const chatUrl = `http://${shown}:${port}/chat/${campanile.defaultTenant.slug}`;
log.info({ url: `http://${shown}:${port}`, tenant: campanile.defaultTenant.slug, database: campanile.db.dialect, chat: chatUrl }, 'Campanile is running');
log.info({ url: chatUrl }, `Web chat: open ${chatUrl}`);

// Graceful shutdown, bounded by SHUTDOWN_TIMEOUT_MS (default 10 s): stop listening (requests in progress
// finish, new ones on open connections get 503, new connections are refused; web chat sockets close), let
// turns in progress finish and their replies go out (a quarter of the bound each at most), stop the lanes
// (sends in flight finish, their outcomes are committed, lanes and leases released so the other processes
// take over at once), close the database.
// Past the bound the process exits 1 anyway: what was in flight stays leased and is reaped by another
// process after NOTIFY_LEASE_MS (at most NOTIFY_MAX_UNCONFIRMED duplicates, as after a crash).
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    if (closing) return;
    closing = true;
    const bound = config.shutdownTimeoutMs;
    log.info({ signal, timeoutMs: bound }, 'shutting down');
    setTimeout(() => {
      log.error({ timeoutMs: bound }, 'shutdown took too long: exiting with work in flight (another process reaps it)');
      process.exit(1);
    }, bound).unref();
    const started = Date.now();
    try {
      await fastify.close();
      // Turns, then their replies, each at most a quarter of the bound: half is left for the lanes and the rest.
      await campanile.stop({ drainMs: Math.floor(bound / 4) });
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    log.info({ ms: Date.now() - started }, 'shut down');
    process.exit(0);
  });
}

/** fastify's types leave the hop count out of this overload: a count n trusts the n closest hops, as proxy-addr does. */
function trustProxyOption(value: CampanileConfig['http']['trustProxy']): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}
