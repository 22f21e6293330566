/**
 * A Campanile with base + reports on the memory channel, and a way to call the reports admin routes the
 * way the admin API does: `route.handler({ tenant, user, params, query, body, em })`.
 */
import type { Test } from 'tap';
import type { AdminReply, AdminRoute } from '../../core/internal.js';
import { baseModule } from '../../modules/base/index.js';
import { reportsModule } from '../../modules/reports/index.js';
import { buildApp, type TestApp } from './campanile.js';

export interface ReportsTestApp extends TestApp {
  /** Call a reports admin route as an operator, e.g. `admin('GET', '/reports')`. */
  admin(method: AdminRoute['method'], path: string, input?: { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown }): Promise<AdminReply>;
}

/**
 * @example
 * const { memory, tenant, admin } = await buildReportsApp(t);
 * await memory.say(tenant, '1', '/segnala');
 */
export async function buildReportsApp(t: Test, options: Parameters<typeof buildApp>[1] = {}): Promise<ReportsTestApp> {
  const built = await buildApp(t, { modules: [baseModule, reportsModule], ...options });
  const tenantInfo = built.app.defaultTenant;
  const routes = built.app.modules.adminRoutes.filter((r) => r.module === 'reports').map((r) => r.route);
  const admin: ReportsTestApp['admin'] = async (method, path, input = {}) => {
    const route = routes.find((r) => r.method === method && r.path === path);
    if (!route) throw new Error(`no reports route ${method} ${path}`);
    const em = built.app.services.tenants.scopedEm(tenantInfo.id);
    return route.handler({
      tenant: tenantInfo, user: { id: 1, email: 'operatore@example.org', role: 'operator' },
      params: input.params ?? {}, query: input.query ?? {}, body: input.body, em,
    });
  };
  return { ...built, admin };
}
