import type { Test } from 'tap';
import { defaultChannels } from '../../adapters/index.js';
import { MemoryAdapter } from '../../adapters/memory/index.js';
import { createCampanile, createLogger, loadConfig, type Campanile, type ChannelAdapter, type FeatureModule, type Logger, type NotificationOptions, type OutboundMessage, type ClusterSignalBus, type ChannelFactory } from '../../core/internal.js';
import { toPlainText } from '../../core/internal.js';
import { allModules } from '../../modules/index.js';
import { testDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  readonly app: Campanile;
  readonly memory: MemoryAdapter;
  /** The default tenant's slug. */
  readonly tenant: string;
}

/**
 * Builds a real Campanile (engine, storage, modules) with the in-memory channel, on SQLite or on
 * PostgreSQL (see `testDatabase`), started, and stopped when the test ends.
 *
 * @example
 * const { memory, tenant } = await buildApp(t);
 * const replies = await memory.say(tenant, '1', '/start');
 */
export async function buildApp(
  t: Test,
  options: {
    modules?: readonly FeatureModule[]; channels?: readonly ChannelFactory[]; adapters?: { adapter: ChannelAdapter; tenant?: string }[]; memory?: MemoryAdapter;
    notifications?: Partial<NotificationOptions>; log?: Logger;
    /** Another instance's `testDatabase(t)`: two Campanile processes on one database. Default a new one. */
    database?: TestDatabase;
    /** Signals to join (a `signalHub()` member); default what the database gives. */
    signals?: ClusterSignalBus;
  } = {},
): Promise<TestApp> {
  const db = options.database ?? testDatabase(t);
  const memory = options.memory ?? new MemoryAdapter();
  const config = loadConfig({ DATABASE_URL: db.databaseUrl, SQLITE_PATH: db.sqlitePath, DATA_DIR: '/tmp/campanile-test' });
  const app = await createCampanile({
    config,
    log: options.log ?? createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    modules: options.modules ?? allModules,
    adapters: [{ adapter: memory }, ...(options.adapters ?? [])],
    // The shipped channels' factories, as `npm start` registers them: stored accounts, their schemas.
    channels: options.channels ?? defaultChannels,
    ...(db.pgSchema ? { pgSchema: db.pgSchema } : {}),
    notifications: { ...FAST_NOTIFICATIONS, ...options.notifications },
    ...(options.signals ? { signals: options.signals } : {}),
  });
  await app.start();
  t.teardown(() => app.stop());
  return { app, memory, tenant: app.defaultTenant.slug };
}

/** Short intervals so notification tests wait milliseconds, not seconds. */
export const FAST_NOTIFICATIONS: Partial<NotificationOptions> = {
  pollIntervalMs: 20, laneTickMs: 50, schedulerIntervalMs: 50, flushDelayMs: 5, reapIntervalMs: 500, backoffBaseMs: 20, backoffMaxMs: 200,
};

/** All text of some replies (texts and attachment captions: a notice with an image is a caption), for assertions. */
export function textOf(replies: readonly OutboundMessage[]): string {
  return replies.map((r) => [r.text, r.attachment?.caption].map((x) => (x ? toPlainText(x) : '')).filter(Boolean).join('\n')).join('\n');
}
