/**
 * `npm run chat`: talk to the bot from a shell, on the same database `npm start` uses. Type `/start`.
 * Set CAMPANILE_TENANT_SLUG to talk to another comune.
 */
import { TerminalAdapter } from '../adapters/terminal/index.js';
import { createCampanile, createLogger, loadConfig } from '../core/internal.js';
import { allModules } from '../modules/index.js';

const config = loadConfig(process.env);
const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
let stop: () => Promise<void> = async () => {};
const terminal = new TerminalAdapter({ tenant: config.defaultTenant.slug, onClose: () => void stop().then(() => process.exit(0)) });
const campanile = await createCampanile({ config, log, modules: allModules, adapters: [{ adapter: terminal }] });
stop = () => campanile.stop();
process.stdout.write(`Campanile — ${campanile.defaultTenant.name}. Scrivi /start per iniziare, Ctrl-D per uscire.\n> `);
await campanile.start();
