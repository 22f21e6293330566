import type { Test } from 'tap';
import type { Campanile } from '../../core/internal.js';
import type { ConformanceAppOptions } from '../../core/testing/index.js';
import { buildApp } from './campanile.js';

/**
 * The app of an in-tree harness: `buildApp` on the current test database (SQLite, or PostgreSQL when
 * TEST_DATABASE_URL is set), so the kit runs on both; stopped when the file's test ends.
 *
 * @example
 * await runAdapterConformance(t, terminalChannel, { setup, app: conformanceTestApp(t) });
 */
export function conformanceTestApp(t: Test): (_: unknown, options: ConformanceAppOptions) => Promise<Campanile> {
  return async (_, options) => (await buildApp(t, { modules: options.modules, adapters: [...options.adapters] })).app;
}
