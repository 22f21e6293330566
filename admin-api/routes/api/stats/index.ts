import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Category, Notice, Person, type TenantInfo } from '../../../../core/index.js';
import { responses, STATS_DAYS, TenantParams, TenantStats, type NoticeOutcome } from '../../../schemas/index.js';
import { scopeOf } from '../autohooks.js';

/**
 * A comune's statistics: people, reachable identities per channel, subscribers per category, notices
 * sent per day (the engine's `tenantStats`) and the latest notices' outcomes. Grouped counts on
 * indexed columns (plain SQL: the same text runs on SQLite and PostgreSQL).
 *
 * @example
 * GET /api/v1/tenants/esempio/stats
 */
const stats: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/tenants/:tenant/stats', {
    schema: { tags: ['stats'], summary: 'People, identities per channel, subscribers per category', 'x-permission': 'stats.read', params: TenantParams, response: responses({ 200: TenantStats }) },
  }, async (request) => {
    const { em, tenant } = scopeOf(request);
    const people = await em.count(Person, {});
    const byChannel = (await em.getConnection().execute(
      'select channel, active, count(*) as n from channel_identity where tenant_id = ? group by channel, active', [tenant.id],
    )) as { channel: string; active: boolean | number; n: number | string }[];
    const identities = new Map<string, { channel: string; active: number; inactive: number }>();
    for (const row of byChannel) {
      const entry = identities.get(row.channel) ?? { channel: row.channel, active: 0, inactive: 0 };
      if (row.active === true || row.active === 1) entry.active += Number(row.n);
      else entry.inactive += Number(row.n);
      identities.set(row.channel, entry);
    }
    const categories = await em.find(Category, {}, { orderBy: { position: 'asc', id: 'asc' } });
    const counts = (await em.getConnection().execute(
      'select category_id, count(*) as n from subscription where tenant_id = ? group by category_id', [tenant.id],
    )) as { category_id: number; n: number | string }[];
    const byCategory = new Map(counts.map((c) => [Number(c.category_id), Number(c.n)]));
    const engine = fastify.campanile.notifications;
    const activity = await engine.tenantStats(tenant, { days: STATS_DAYS });
    const canReadNotices = request.admin ? fastify.permissions.allows(request.admin.role, 'notices.read') : false;
    return {
      people,
      identities: [...identities.values()],
      subscribers: categories.map((c) => ({ category: c.key, count: byCategory.get(c.id) ?? 0 })),
      noticesSent: everyDay(activity.noticesSent, tenant, engine.options.clock()),
      ...(canReadNotices ? { recentNotices: await recentNotices(em, tenant) } : {}),
    };
  });

  /** The latest non-draft notices with one grouped count of their deliveries. */
  async function recentNotices(em: ReturnType<typeof scopeOf>['em'], tenant: TenantInfo): Promise<NoticeOutcome[]> {
    const notices = await em.find(Notice, { status: { $ne: 'draft' } }, { orderBy: { id: 'desc' }, limit: 5 });
    if (notices.length === 0) return [];
    const counts = (await em.getConnection().execute(
      `select notice_id, state, count(*) as n from delivery where tenant_id = ? and notice_id in (${notices.map(() => '?').join(', ')}) group by notice_id, state`,
      [tenant.id, ...notices.map((n) => n.id)],
    )) as { notice_id: number | string; state: string; n: number | string }[];
    const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
    return notices.map((n) => {
      const mine = counts.filter((c) => Number(c.notice_id) === n.id);
      const of = (...states: string[]) => mine.filter((c) => states.includes(c.state)).reduce((sum, c) => sum + Number(c.n), 0);
      const planned = of('pending', 'sending', 'sent', 'failed');
      return {
        id: n.id, title: n.title, status: n.status as NoticeOutcome['status'], categoryId: n.category.id,
        sentAt: iso(n.sentAt), scheduledAt: iso(n.scheduledAt), updatedAt: new Date(n.updatedAt).toISOString(),
        audience: Math.max(n.recipients ?? 0, planned), sent: of('sent'), failed: of('failed'), pending: of('pending', 'sending'),
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
