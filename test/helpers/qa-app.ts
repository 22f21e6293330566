/**
 * A Campanile with base + a fresh Q&A module on the memory channel, and a way to call the Q&A admin
 * routes the way the admin API will: `route.handler({ tenant, user, params, query, body, em })`.
 */
import type { Test } from 'tap';
import type { AdminReply, AdminRoute, FeatureModule } from '../../core/internal.js';
import { baseModule } from '../../modules/base/index.js';
import { createQaModule, type QaModuleOptions, type QaRuntime } from '../../modules/qa/index.js';
import { buildApp, type TestApp } from './campanile.js';

export interface QaTestApp extends TestApp {
  readonly qa: QaRuntime;
  /** Call a Q&A admin route as an operator, e.g. `admin('POST', '/train')`. */
  admin(method: AdminRoute['method'], path: string, input?: { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown }): Promise<AdminReply>;
  /** POST /train and wait for the run to finish; returns GET /model's body. */
  train(): Promise<{ status: number; body: unknown }>;
}

/**
 * @example
 * const { memory, tenant, admin, train } = await buildQaApp(t);
 * await admin('POST', '/import-starter', { body: {} });
 */
export async function buildQaApp(t: Test, options: QaModuleOptions & { readonly alongside?: readonly FeatureModule[] } = {}): Promise<QaTestApp> {
  const { alongside = [], ...qaOptions } = options;
  const qaModule = createQaModule(qaOptions);
  const built = await buildApp(t, { modules: [baseModule, ...alongside, qaModule] });
  const qa = qaModule.runtime;
  const tenantInfo = built.app.defaultTenant;
  const routes = built.app.modules.adminRoutes.filter((r) => r.module === 'qa').map((r) => r.route);
  const admin: QaTestApp['admin'] = async (method, path, input = {}) => {
    const route = routes.find((r) => r.method === method && r.path === path);
    if (!route) throw new Error(`no qa route ${method} ${path}`);
    const em = built.app.services.tenants.scopedEm(tenantInfo.id);
    return route.handler({
      tenant: tenantInfo, user: { id: 1, email: 'operatore@example.org', role: 'operator' },
      params: input.params ?? {}, query: input.query ?? {}, body: input.body, em,
    });
  };
  const train: QaTestApp['train'] = async () => {
    const started = await admin('POST', '/train');
    if (started.status !== 202) return { status: started.status, body: started.body };
    await qa.trainer.whenIdle(tenantInfo.id);
    return { status: 202, body: (await admin('GET', '/model')).body };
  };
  return { ...built, qa, admin, train };
}
