/**
 * A Campanile with base + a fresh handoff module (+ optional others) on the memory channel, with the
 * real admin API in front: citizens talk through `memory`, operators through `operator(...)` HTTP calls.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';
import { MemoryAdapter } from '../../adapters/memory/index.js';
import type { ChannelAdapter, FeatureModule, Role } from '../../core/internal.js';
import { baseModule } from '../../modules/base/index.js';
import { createHandoffModule, type HandoffModule, type HandoffModuleOptions } from '../../modules/handoff/index.js';
import { build, type AdminTestApp } from './app.js';
import type { TestDatabase } from './database.js';

export interface HandoffTestApp extends AdminTestApp {
  readonly memory: MemoryAdapter;
  readonly handoff: HandoffModule;
  /** Calls `/api/v1/tenants/<tenant>/handoff<path>` as a user with `role` (default operator). */
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, as?: { role?: Role; tenant?: string }): Promise<LightMyRequestResponse>;
}

/**
 * @example
 * const { memory, tenant, call } = await buildHandoffApp(t);
 * await call('PUT', '/presence', { status: 'online' });
 */
export async function buildHandoffApp(t: Test, options: HandoffModuleOptions & { modules?: (handoff: HandoffModule) => FeatureModule[]; database?: TestDatabase; adapters?: { adapter: ChannelAdapter }[] } = {}): Promise<HandoffTestApp> {
  const memory = new MemoryAdapter();
  const handoff = createHandoffModule(options.now ? { now: options.now } : {});
  const built = await build(t, { modules: options.modules?.(handoff) ?? [baseModule, handoff], memory, ...(options.database ? { database: options.database } : {}), ...(options.adapters ? { adapters: options.adapters } : {}) });
  const call: HandoffTestApp['call'] = async (method, path, body, as = {}) => {
    const inject = await built.injectAs(as.role ?? 'operator', as.tenant);
    return inject({ method, url: `/api/v1/tenants/${as.tenant ?? built.tenant}/handoff${path}`, ...(body === undefined ? {} : { payload: body as object }) });
  };
  return { ...built, memory, handoff, call };
}
