import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Notice, type TenantInfo } from '../../../../core/internal.js';
import { responses, STATS_DAYS, TenantParams, TenantStats, type NoticeOutcome } from '../../../schemas/index.js';
import { scopeOf } from '../autohooks.js';

/**
 * A comune's statistics: people, identities per channel, subscribers per category and notices sent per
 * day (all from the engine's `tenantStats`), plus the latest notices' outcomes.
 *
 * @example
 * GET /api/v1/tenants/esempio/stats
 */
const stats: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/tenants/:tenant/stats', {
    schema: { tags: ['stats'], summary: 'People, identities per channel, subscribers per category', 'x-permission': 'stats.read', params: TenantParams, response: responses({ 200: TenantStats }) },
  }, async (request) => {
    const { em, tenant } = scopeOf(request);
    const engine = fastify.campanile.notifications;
    const activity = await engine.tenantStats(tenant, { days: STATS_DAYS });
    const canReadNotices = request.admin ? fastify.permissions.allows(request.admin.role, 'notices.read') : false;
    return {
      people: activity.people,
      identities: [...activity.identities],
      subscribers: [...activity.subscribersByCategory],
      noticesSent: everyDay(activity.noticesSent, tenant, engine.options.clock()),
      ...(canReadNotices ? { recentNotices: await recentNotices(em, tenant) } : {}),
    };
  });

  /** The latest non-draft notices with their delivery counts (one grouped query in core's stats). */
  async function recentNotices(em: ReturnType<typeof scopeOf>['em'], tenant: TenantInfo): Promise<NoticeOutcome[]> {
    const notices = await em.find(Notice, { status: { $ne: 'draft' } }, { orderBy: { id: 'desc' }, limit: 5 });
    if (notices.length === 0) return [];
    const counts = await fastify.campanile.notifications.deliveryCounts(tenant, notices.map((n) => n.id));
    const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
    return notices.map((n) => {
      const c = counts.get(n.id) ?? { planned: 0, sent: 0, failed: 0, pending: 0 };
      return {
        id: n.id, title: n.title, status: n.status as NoticeOutcome['status'], categoryId: n.category.id,
        sentAt: iso(n.sentAt), scheduledAt: iso(n.scheduledAt), updatedAt: new Date(n.updatedAt).toISOString(),
        audience: Math.max(n.recipients ?? 0, c.planned), sent: c.sent, failed: c.failed, pending: c.pending,
      };
    });
  }
};

export default stats;

/** The engine lists days with notices only; a chart wants every day of the window, zeros included. */
function everyDay(sent: readonly { day: string; count: number }[], tenant: TenantInfo, now: number): { day: string; count: number }[] {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: tenant.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const counts = new Map(sent.map((x) => [x.day, x.count]));
  // Calendar arithmetic on the local date, not 24-hour steps back from now: those skip or repeat a
  // day around a daylight-saving change.
  return Array.from({ length: STATS_DAYS }, (_, i) => {
    const day = new Date(Date.UTC(y, m - 1, d - (STATS_DAYS - 1 - i))).toISOString().slice(0, 10);
    return { day, count: counts.get(day) ?? 0 };
  });
}
