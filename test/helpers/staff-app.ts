/**
 * A Campanile with base + staff (+ tasks) on the memory channel, and a way to call a module's admin
 * routes the way the admin API does: `route.handler({ tenant, user, params, query, body, em })`.
 */
import type { Test } from 'tap';
import type { AdminReply, AdminRoute, ChannelAdapter, FeatureModule } from '../../core/internal.js';
import { baseModule } from '../../modules/base/index.js';
import { staffModule } from '../../modules/staff/index.js';
import { buildApp, type TestApp } from './campanile.js';
import type { TestDatabase } from './database.js';

type Input = { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };

export interface StaffTestApp extends TestApp {
  /** Call an admin route of `module` as the staff manager, e.g. `admin('staff', 'POST', '/groups', { body })`. */
  admin(module: string, method: AdminRoute['method'], path: string, input?: Input): Promise<AdminReply>;
  /** Creates a group and `names` members in it, each linked to chat `chat-<i>` through an invitation. */
  squad(group: string, names: readonly string[], options?: { chatPrefix?: string; onDutyMode?: boolean }): Promise<{ groupId: number; memberIds: number[]; chats: string[] }>;
}

export async function buildStaffApp(t: Test, options: { extra?: readonly FeatureModule[]; database?: TestDatabase; adapters?: { adapter: ChannelAdapter; tenant?: string }[] } = {}): Promise<StaffTestApp> {
  const built = await buildApp(t, { modules: [baseModule, staffModule, ...(options.extra ?? [])], ...(options.database ? { database: options.database } : {}), ...(options.adapters ? { adapters: options.adapters } : {}) });
  const tenant = built.app.defaultTenant;
  const admin: StaffTestApp['admin'] = async (module, method, path, input = {}) => {
    const entry = built.app.modules.adminRoutes.find((r) => r.module === module && r.route.method === method && r.route.path === path);
    if (!entry) throw new Error(`no ${module} route ${method} ${path}`);
    return entry.route.handler({
      tenant, user: { id: 1, email: 'responsabile@example.org', role: 'staff-manager' },
      params: input.params ?? {}, query: input.query ?? {}, body: input.body, em: built.app.services.tenants.scopedEm(tenant.id),
    });
  };
  const squad: StaffTestApp['squad'] = async (group, names, opts = {}) => {
    const created = await admin('staff', 'POST', '/groups', { body: { name: group, onDutyMode: opts.onDutyMode ?? false } });
    const groupId = (created.body as { id: number }).id;
    const memberIds: number[] = [];
    const chats: string[] = [];
    for (const [i, name] of names.entries()) {
      const member = await admin('staff', 'POST', '/members', { body: { name, role: 'Operaio', groupIds: [groupId] } });
      const memberId = (member.body as { id: number }).id;
      const invitation = (await admin('staff', 'POST', '/members/:id/invitations', { params: { id: memberId }, body: {} })).body as { startPayload: string };
      const chat = `${opts.chatPrefix ?? 'chat'}-${i}`;
      await built.memory.say(built.tenant, chat, `/start ${invitation.startPayload}`);
      memberIds.push(memberId);
      chats.push(chat);
    }
    return { groupId, memberIds, chats };
  };
  return { ...built, admin, squad };
}
