import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCampanile, type Campanile } from '../../campanile.js';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../log.js';
import type { ConformanceAppOptions } from './conformance-harness.js';
import type { ConformanceTap } from './conformance-tap.js';

/** Short outbox intervals: a reply leaves in milliseconds, not the production poll interval. */
const FAST_OUTBOX = { pollIntervalMs: 20, laneTickMs: 50, flushDelayMs: 5, backoffBaseMs: 20, backoffMaxMs: 200 } as const;

/**
 * The kit's configuration: an in-memory SQLite and a fresh temporary data folder (the factory's context
 * is made from it, so the default comune and the media folder agree with the app's).
 *
 * @example
 * const config = conformanceConfig();
 * factory.fromEnv({}, { env: {}, defaultTenant: config.defaultTenant, dataDir: config.dataDir, mediaDir: config.mediaDir });
 */
export function conformanceConfig() {
  return loadConfig({ SQLITE_PATH: ':memory:', DATA_DIR: mkdtempSync(join(tmpdir(), 'campanile-conformance-')) });
}

/**
 * The kit's default Campanile: an in-memory SQLite, a silent logger, fast outbox intervals, started now
 * and stopped when the test ends. Needs nothing but `campanile` (an external author's harness).
 *
 * @example
 * const app = await conformanceApp(t, { adapters: [bound], modules: [echo.module], channels: [factory] });
 */
export async function conformanceApp(t: ConformanceTap, options: ConformanceAppOptions): Promise<Campanile> {
  const app = await createCampanile({
    config: conformanceConfig(),
    log: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    modules: options.modules,
    adapters: options.adapters.map((bound) => ({ ...bound })),
    channels: options.channels,
    notifications: FAST_OUTBOX,
  });
  await app.start();
  t.teardown(() => app.stop());
  return app;
}
