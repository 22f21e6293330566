import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Notice as NoticeEntity, type TenantInfo } from '../../../../core/internal.js';
import { openEventStream, type EventStream } from '../../../lib/event-stream.js';
import {
  Notice, NoticeCreate, NoticeListQuery, NoticeProgressStream, NoticeSchedule, NoticeSendReply, NoticeStats, NoticeUpdate,
  nonJson, pageOf, responses, tenantAnd, TenantParams,
} from '../../../schemas/index.js';
import { scopeOf } from '../autohooks.js';

/** The API's view of a notice entity (times as ISO strings, the category as its id). */
export function noticeDto(n: NoticeEntity): Notice {
  const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
  return {
    id: n.id, title: n.title, text: n.text, translations: { ...(n.translations ?? {}) }, categoryId: n.category.id,
    imageMediaId: n.imageMediaId ?? null, documentMediaId: n.documentMediaId ?? null, linkUrl: n.linkUrl ?? null,
    priority: n.priority as Notice['priority'], status: n.status as Notice['status'],
    scheduledAt: iso(n.scheduledAt), sentAt: iso(n.sentAt), author: n.author ?? null,
    createdAt: new Date(n.createdAt).toISOString(), updatedAt: new Date(n.updatedAt).toISOString(),
  };
}

// While sending, the stream pushes after delivery events, coalesced: at most one stats query per
// PUSH_MS whatever the delivery rate (20,000/s would otherwise mean 20,000 grouped counts per second),
// and at least one per TICK_MS so a stalled lane (paused for retry-after) still shows it is alive.
const PUSH_MS = 150;
const TICK_MS = 1000;

/**
 * Notices of a comune: write (draft), edit, delete a draft, schedule in the comune's timezone, cancel,
 * send now, and follow the delivery (stats, and live progress as server-sent events). The engine
 * (`campanile.notifications.notices`) decides what is allowed; its `NoticeError`s become problems
 * naming the field (errors.ts).
 *
 * @example
 * POST /api/v1/tenants/esempio/notices {"title":"Strada chiusa","text":"…","categoryId":3}
 * POST /api/v1/tenants/esempio/notices/12/schedule {"scheduledAt":"2026-12-24T08:30"}
 * curl -N -H "authorization: Bearer $TOKEN" localhost:3000/api/v1/tenants/esempio/notices/12/progress
 */
const notices: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['notices'];
  const NoticeParams = tenantAnd('noticeId');
  const engine = fastify.campanile.notifications;
  const streams = new Set<EventStream>();
  // One set of engine listeners for every open stream (the emitter warns past 100 listeners, and a
  // busy list page opens one stream per sending notice): notice id → streams waiting on it.
  const watchers = new Map<number, Set<() => void>>();
  const wake = (e: { noticeId: number | null }) => { if (e.noticeId === null) return; for (const fn of watchers.get(e.noticeId) ?? []) fn(); };
  const offs = (['delivery:sent', 'delivery:failed', 'delivery:retry', 'notice:planned', 'notice:sent'] as const).map((name) => engine.events.on(name, wake));
  fastify.addHook('preClose', async () => {
    for (const stream of [...streams]) stream.end({ hangUp: true });
  });
  fastify.addHook('onClose', async () => {
    for (const off of offs) off();
  });

  const statsOf = async (tenant: TenantInfo, noticeId: number): Promise<NoticeStats> => {
    const notice = await engine.notices.get(tenant, noticeId);
    const raw = await engine.noticeStats(tenant, noticeId);
    return {
      noticeId, status: notice.status as NoticeStats['status'],
      // Once planning finished the snapshot size is known; until then, the rows planned so far.
      audience: Math.max(notice.recipients ?? 0, raw.total),
      byStatus: { ...raw.byState }, byChannel: { ...raw.byChannel }, failures: { ...raw.failedBy },
      receipts: { ...raw.receipts }, waiting: { ...raw.waiting },
    };
  };

  fastify.get('/tenants/:tenant/notices', {
    schema: { tags, summary: 'List notices, newest first', 'x-permission': 'notices.read', params: TenantParams, querystring: NoticeListQuery, response: responses({ 200: pageOf(Notice) }, [400]) },
  }, async (request) => {
    const { em } = scopeOf(request);
    const { status, limit = 50, offset = 0 } = request.query;
    const [rows, total] = await em.findAndCount(NoticeEntity, status ? { status } : {}, { orderBy: { id: 'desc' }, limit, offset });
    return { items: rows.map(noticeDto), total };
  });

  fastify.post('/tenants/:tenant/notices', {
    schema: { tags, summary: 'Write a notice (a draft until sent or scheduled)', 'x-permission': 'notices.write', params: TenantParams, body: NoticeCreate, response: responses({ 201: Notice }, [400, 415]) },
  }, async (request, reply) => {
    const { tenant } = scopeOf(request);
    const notice = await engine.notices.create(tenant, { ...request.body, author: request.admin?.email ?? null });
    return reply.code(201).send(noticeDto(notice));
  });

  fastify.get('/tenants/:tenant/notices/:noticeId', {
    schema: { tags, summary: 'Read a notice', 'x-permission': 'notices.read', params: NoticeParams, response: responses({ 200: Notice }) },
  }, async (request) => noticeDto(await engine.notices.get(scopeOf(request).tenant, request.params.noticeId)));

  fastify.put('/tenants/:tenant/notices/:noticeId', {
    schema: { tags, summary: 'Edit a draft or scheduled notice (null removes the image, PDF or link)', 'x-permission': 'notices.write', params: NoticeParams, body: NoticeUpdate, response: responses({ 200: Notice }, [400, 409, 415]) },
  }, async (request) => {
    const { tenant } = scopeOf(request);
    const { categoryId, ...rest } = request.body;
    const patch = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    return noticeDto(await engine.notices.update(tenant, request.params.noticeId, { ...patch, ...(categoryId !== undefined ? { categoryId } : {}) }));
  });

  fastify.delete('/tenants/:tenant/notices/:noticeId', {
    schema: { tags, summary: 'Delete a draft (cancel a scheduled notice instead)', 'x-permission': 'notices.write', params: NoticeParams, response: responses({ 204: Type.Null() }, [409]) },
  }, async (request, reply) => {
    await engine.notices.remove(scopeOf(request).tenant, request.params.noticeId);
    return reply.code(204).send();
  });

  fastify.post('/tenants/:tenant/notices/:noticeId/send', {
    config: { audit: { action: 'send', target: 'notices' } },
    schema: { tags, summary: 'Send now to every subscriber of the category', 'x-permission': 'notices.send', params: NoticeParams, response: responses({ 202: NoticeSendReply }, [400, 409]) },
  }, async (request, reply) => {
    const { tenant } = scopeOf(request);
    const notice = await engine.notices.send(tenant, request.params.noticeId);
    // The snapshot is being copied in the background; this count is what it will hold, give or take
    // subscriptions changing in these milliseconds (GET …/stats has the exact figure).
    const audience = await engine.audience(tenant, notice.category.id);
    return reply.code(202).send({ audience, notice: noticeDto(notice) });
  });

  fastify.post('/tenants/:tenant/notices/:noticeId/schedule', {
    config: { audit: { action: 'schedule', target: 'notices' } },
    schema: { tags, summary: 'Schedule at a date and time in the comune\'s timezone', 'x-permission': 'notices.write', params: NoticeParams, body: NoticeSchedule, response: responses({ 200: Notice }, [400, 409, 415]) },
  }, async (request) => noticeDto(await engine.notices.schedule(scopeOf(request).tenant, request.params.noticeId, request.body.scheduledAt)));

  fastify.post('/tenants/:tenant/notices/:noticeId/cancel', {
    config: { audit: { action: 'cancel', target: 'notices' } },
    schema: { tags, summary: 'Cancel a draft or scheduled notice before it starts sending', 'x-permission': 'notices.write', params: NoticeParams, response: responses({ 200: Notice }, [409]) },
  }, async (request) => noticeDto(await engine.notices.cancel(scopeOf(request).tenant, request.params.noticeId)));

  fastify.get('/tenants/:tenant/notices/:noticeId/stats', {
    schema: { tags, summary: 'Delivery counts by status, channel and failure reason', 'x-permission': 'notices.read', params: NoticeParams, response: responses({ 200: NoticeStats }) },
  }, async (request) => statsOf(scopeOf(request).tenant, request.params.noticeId));

  fastify.get('/tenants/:tenant/notices/:noticeId/progress', {
    schema: {
      tags, summary: 'Live delivery progress as server-sent events (progress …, then done)', 'x-permission': 'notices.read', params: NoticeParams,
      response: responses({ 200: nonJson('Server-sent events', { 'text/event-stream': NoticeProgressStream }) }),
    },
  }, async (request, reply) => {
    const { tenant } = scopeOf(request);
    const noticeId = request.params.noticeId;
    const first = await statsOf(tenant, noticeId); // 404 as a normal answer, before the stream opens
    const stream = openEventStream(request, reply, streams);
    let scheduled: NodeJS.Timeout | null = null;
    let running = false;
    let again = false;

    const emit = (stats: NoticeStats) => {
      if (stats.status === 'sent' || stats.status === 'cancelled') {
        stream.send('done', stats);
        stream.end();
      } else {
        stream.send('progress', stats);
      }
    };
    // One stats query at a time; events arriving meanwhile ask for one more pass, not one each.
    const push = async () => {
      if (running) { again = true; return; }
      running = true;
      try {
        do {
          again = false;
          const stats = await statsOf(tenant, noticeId);
          if (!stream.closed) emit(stats);
        } while (again && !stream.closed);
      } catch (error) {
        request.log.error({ err: error }, 'notice progress stream failed');
        stream.end();
      } finally {
        running = false;
      }
    };
    const soon = () => {
      scheduled ??= setTimeout(() => { scheduled = null; void push(); }, PUSH_MS);
    };
    const set = watchers.get(noticeId) ?? new Set();
    watchers.set(noticeId, set.add(soon));
    const tick = setInterval(() => void push(), TICK_MS);
    stream.onClose(() => {
      set.delete(soon);
      if (set.size === 0 && watchers.get(noticeId) === set) watchers.delete(noticeId);
      clearInterval(tick);
      if (scheduled) clearTimeout(scheduled);
    });
    emit(first);
    return reply;
  });
};

export default notices;
