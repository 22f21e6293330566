import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { audienceSeries, localDay, noticeNotReached, noticeOutcome, sqlRunner, writeCsv, type TenantInfo } from '../../../../core/internal.js';
import { ProblemError } from '../../../errors.js';
import {
  AUDIENCE_DEFAULT_DAYS, AUDIENCE_MAX_DAYS, AudienceQuery, AudienceStats, NoticeChannelOutcome, NotReachedPage, NotReachedQuery,
  nonJson, responses, tenantAnd, TenantParams,
} from '../../../schemas/index.js';
import { scopeOf } from '../autohooks.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows read per statement while writing the CSV: the whole list is one file, read page by page. */
const CSV_PAGE = 1000;

/**
 * The numbers a mayor asks for: the audience per day (followers, joins, leaves, subscriptions per
 * category, from the daily snapshot) and what each notice did, per channel, with the list of recipients
 * it did not reach (pseudonymous) as JSON pages or one CSV file. Its own resource, beside `notices`, so
 * it reads the outbox without touching the notice routes.
 *
 * @example
 * GET /api/v1/tenants/esempio/stats/audience?from=2026-12-01&to=2026-12-06&channel=telegram
 * GET /api/v1/tenants/esempio/notices/12/outcome
 * GET /api/v1/tenants/esempio/notices/12/not-reached.csv
 */
const numbers: FastifyPluginAsyncTypebox = async (fastify) => {
  const NoticeParams = tenantAnd('noticeId');
  const engine = fastify.campanile.notifications;
  const sql = sqlRunner(fastify.campanile.db);

  fastify.get('/tenants/:tenant/stats/audience', {
    schema: {
      tags: ['stats'], summary: 'Followers, joins, leaves and subscriptions per category, per day', 'x-permission': 'stats.read',
      params: TenantParams, querystring: AudienceQuery, response: responses({ 200: AudienceStats }, [400]),
    },
  }, async (request) => {
    const { em, tenant } = scopeOf(request);
    const { from, to } = rangeOf(request.query, tenant, engine.options.clock());
    const series = await audienceSeries(em, { from, to, channel: request.query.channel });
    return { from, to, channel: request.query.channel ?? null, channels: [...series.channels], days: series.days.map((d) => ({ ...d, subscriptions: [...d.subscriptions] })) };
  });

  fastify.get('/tenants/:tenant/notices/:noticeId/outcome', {
    schema: {
      tags: ['notices'], summary: 'Delivered, failed, blocked, window-closed and pending per channel', 'x-permission': 'notices.read',
      params: NoticeParams, response: responses({ 200: NoticeChannelOutcome }),
    },
  }, async (request) => {
    const { tenant } = scopeOf(request);
    await engine.notices.get(tenant, request.params.noticeId); // 404 for another comune's notice
    const outcome = await noticeOutcome(sql, tenant.id, request.params.noticeId);
    return { noticeId: outcome.noticeId, total: { ...outcome.total }, byChannel: { ...outcome.byChannel } };
  });

  fastify.get('/tenants/:tenant/notices/:noticeId/not-reached', {
    schema: {
      tags: ['notices'], summary: 'Recipients the notice did not reach, and why (pseudonymous)', 'x-permission': 'notices.read',
      params: NoticeParams, querystring: NotReachedQuery, response: responses({ 200: NotReachedPage }),
    },
  }, async (request) => {
    const { tenant } = scopeOf(request);
    await engine.notices.get(tenant, request.params.noticeId);
    const page = await noticeNotReached(sql, tenant.id, request.params.noticeId, { limit: request.query.limit ?? 100, ...(request.query.after ? { after: request.query.after } : {}) });
    return { total: page.total, next: page.next, items: page.items.map((i) => ({ ...i, since: i.since.toISOString() })) };
  });

  fastify.get('/tenants/:tenant/notices/:noticeId/not-reached.csv', {
    schema: {
      tags: ['notices'], summary: 'The not-reached list as a CSV file (channel, short id, status, since)', 'x-permission': 'notices.read',
      params: NoticeParams, response: responses({ 200: nonJson('CSV (RFC 4180), UTF-8', { 'text/csv': Type.String() }) }),
    },
  }, async (request, reply) => {
    const { tenant } = scopeOf(request);
    const noticeId = request.params.noticeId;
    await engine.notices.get(tenant, noticeId);
    const rows: string[][] = [['channel', 'short_id', 'status', 'since']];
    for (let after = 0; ;) {
      const page = await noticeNotReached(sql, tenant.id, noticeId, { limit: CSV_PAGE, after });
      for (const item of page.items) rows.push([item.channel, item.shortId, item.status, item.since.toISOString()]);
      if (page.next === null) break;
      after = page.next;
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="avviso-${noticeId}-non-raggiunti.csv"`)
      .send(writeCsv(rows));
  });
};

export default numbers;

/** The asked range, defaulting to the last 30 days up to today in the comune's timezone; 400 when it makes no sense. */
function rangeOf(query: AudienceQuery, tenant: TenantInfo, now: number): { from: string; to: string } {
  const to = query.to ?? localDay(new Date(now), tenant.timezone);
  const toMs = dayMs(to, 'to');
  const from = query.from ?? new Date(toMs - (AUDIENCE_DEFAULT_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  const fromMs = dayMs(from, 'from');
  if (fromMs > toMs) throw invalid('from', `is after to (${to}): give from ≤ to`, `Invalid query: from (${from}) is after to (${to}).`);
  if ((toMs - fromMs) / DAY_MS + 1 > AUDIENCE_MAX_DAYS) {
    throw invalid('from', `spans more than ${AUDIENCE_MAX_DAYS} days`, `Invalid query: from (${from}) to ${to} spans more than ${AUDIENCE_MAX_DAYS} days; ask for a shorter range.`);
  }
  return { from, to };
}

/** Midnight UTC of a YYYY-MM-DD that the pattern let through, checked to be a real date. */
function dayMs(day: string, field: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw invalid(field, 'is not a real date', `Invalid query: ${field} (${day}) is not a real date.`);
  return ms;
}

function invalid(field: string, detail: string, message: string): ProblemError {
  return new ProblemError('validation-failed', message, [{ field, message: detail }]);
}
