/**
 * A stand-in for the notices and media REST API, written from the contract the admin UI is built
 * against (issue 9: GET/POST /notices, GET/PUT/DELETE /notices/:id, POST …/send|schedule|cancel,
 * GET …/stats, GET …/progress as server-sent events, POST/GET /media). It exists only so the
 * browser tests can drive the UI's notice flows before the notification engine's routes land on
 * main; `startAdminUi` mounts it ONLY when the real routes are missing, so the same tests run
 * against the real API as soon as it is merged. Deliveries go through the real messenger to the
 * real memory channel, one recipient at a time, so progress is observable.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ChannelIdentity, Subscription, plain, type Campanile, type TenantInfo } from '../../core/index.js';
import { credentialOf } from '../../admin-api/plugins/external/auth.js';

interface StubNotice {
  id: number; title: string; text: string; categoryId: number; imageMediaId: string | null; documentMediaId: string | null; linkUrl: string | null;
  priority: 'normal' | 'urgent'; status: 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled'; scheduledAt: string | null; sentAt: string | null;
  author: string | null; createdAt: string; updatedAt: string;
}
interface Stats { audience: number; byStatus: { pending: number; sending: number; sent: number; failed: number }; byChannel: Record<string, { pending: number; sending: number; sent: number; failed: number }>; failures: Record<string, number> }

const problem = (reply: FastifyReply, status: number, code: string, message: string, details: { field: string; message: string }[] = []) =>
  reply.code(status).send({ status, code, message, details });

/** Mounts the stub on `fastify` (before `listen`). `deliveryDelayMs` spaces deliveries so progress is visible. */
export function mountNoticesContractStub(fastify: FastifyInstance, campanile: Campanile, options: { deliveryDelayMs?: number } = {}): void {
  const notices = new Map<number, StubNotice>();
  const stats = new Map<number, Stats>();
  const media = new Map<string, { mimeType: string; data: Buffer; fileName: string }>();
  const listeners = new Map<number, Set<(event: string, data: unknown) => void>>();
  let nextId = 1;
  const base = '/api/v1/tenants/:tenant';

  const tenantOf = async (request: FastifyRequest, reply: FastifyReply): Promise<TenantInfo | null> => {
    const token = credentialOf(request);
    const admin = token ? await fastify.sessions.resolve(token) : null;
    if (!admin) { await problem(reply, 401, 'unauthenticated', 'Sign in first.'); return null; }
    const tenant = await campanile.services.tenants.bySlug((request.params as { tenant: string }).tenant);
    if (!tenant || (admin.role !== 'superadmin' && admin.tenantId !== tenant.id)) { await problem(reply, 404, 'not-found', 'Comune not found.'); return null; }
    return tenant;
  };
  const emit = (id: number, event: string, data: unknown) => { for (const fn of listeners.get(id) ?? []) fn(event, data); };
  const validate = (body: Partial<StubNotice>) => {
    const details: { field: string; message: string }[] = [];
    if (!body.title?.trim()) details.push({ field: 'title', message: 'must not be empty' });
    if (!body.text?.trim()) details.push({ field: 'text', message: 'must not be empty' });
    if (!body.categoryId) details.push({ field: 'categoryId', message: 'is required' });
    return details;
  };

  const deliver = async (tenant: TenantInfo, notice: StubNotice) => {
    const em = campanile.services.tenants.scopedEm(tenant.id);
    const subs = await em.find(Subscription, { category: notice.categoryId });
    const identities = await em.find(ChannelIdentity, { person: { $in: subs.map((s) => s.person) }, active: true });
    const st: Stats = { audience: identities.length, byStatus: { pending: identities.length, sending: 0, sent: 0, failed: 0 }, byChannel: {}, failures: {} };
    for (const i of identities) (st.byChannel[i.channel] ??= { pending: 0, sending: 0, sent: 0, failed: 0 }).pending += 1;
    stats.set(notice.id, st);
    notice.status = 'sending';
    notice.sentAt = new Date().toISOString();
    void (async () => {
      for (const identity of identities) {
        await new Promise((r) => setTimeout(r, options.deliveryDelayMs ?? 150));
        const result = await campanile.services.messenger.send(tenant, identity.id, { text: plain(`${notice.title}\n\n${notice.text}`) });
        const ok = result.status === 'delivered';
        const ch = st.byChannel[identity.channel]!;
        st.byStatus.pending -= 1; ch.pending -= 1;
        if (ok) { st.byStatus.sent += 1; ch.sent += 1; } else { st.byStatus.failed += 1; ch.failed += 1; st.failures[result.status] = (st.failures[result.status] ?? 0) + 1; }
        emit(notice.id, 'progress', st);
      }
      notice.status = 'sent';
      emit(notice.id, 'done', st);
    })();
    return st.audience;
  };

  fastify.register(async (api) => {
    api.get(`${base}/notices`, { schema: { hide: true } }, async (request, reply) => {
      if (!(await tenantOf(request, reply))) return reply;
      const q = request.query as { status?: string; limit?: string; offset?: string };
      const all = [...notices.values()].filter((n) => !q.status || n.status === q.status).sort((a, b) => b.id - a.id);
      const offset = Number(q.offset ?? 0), limit = Number(q.limit ?? 50);
      return { items: all.slice(offset, offset + limit), total: all.length };
    });
    api.post(`${base}/notices`, { schema: { hide: true } }, async (request, reply) => {
      if (!(await tenantOf(request, reply))) return reply;
      const body = request.body as Partial<StubNotice>;
      const details = validate(body);
      if (details.length) return problem(reply, 400, 'validation-failed', `Invalid body: ${details.map((d) => d.field).join(', ')}.`, details);
      const now = new Date().toISOString();
      const notice: StubNotice = {
        id: nextId++, title: body.title!, text: body.text!, categoryId: Number(body.categoryId), imageMediaId: body.imageMediaId ?? null, documentMediaId: body.documentMediaId ?? null,
        linkUrl: body.linkUrl ?? null, priority: body.priority ?? 'normal', status: 'draft', scheduledAt: null, sentAt: null, author: 'mayor', createdAt: now, updatedAt: now,
      };
      notices.set(notice.id, notice);
      return reply.code(201).send(notice);
    });
    const one = async (request: FastifyRequest, reply: FastifyReply) => {
      const tenant = await tenantOf(request, reply);
      if (!tenant) return null;
      const notice = notices.get(Number((request.params as { noticeId: string }).noticeId));
      if (!notice) { await problem(reply, 404, 'not-found', 'Notice not found.'); return null; }
      return { tenant, notice };
    };
    api.get(`${base}/notices/:noticeId`, { schema: { hide: true } }, async (request, reply) => (await one(request, reply))?.notice ?? reply);
    api.put(`${base}/notices/:noticeId`, { schema: { hide: true } }, async (request, reply) => {
      const found = await one(request, reply);
      if (!found) return reply;
      if (!['draft', 'scheduled'].includes(found.notice.status)) return problem(reply, 409, 'conflict', 'Only drafts and scheduled notices can be edited.');
      const body = request.body as Partial<StubNotice>;
      const details = validate(body);
      if (details.length) return problem(reply, 400, 'validation-failed', 'Invalid body.', details);
      Object.assign(found.notice, body, { updatedAt: new Date().toISOString() });
      return found.notice;
    });
    api.delete(`${base}/notices/:noticeId`, { schema: { hide: true } }, async (request, reply) => {
      const found = await one(request, reply);
      if (!found) return reply;
      notices.delete(found.notice.id);
      return reply.code(204).send();
    });
    api.post(`${base}/notices/:noticeId/send`, { schema: { hide: true } }, async (request, reply) => {
      const found = await one(request, reply);
      if (!found) return reply;
      if (!['draft', 'scheduled'].includes(found.notice.status)) return problem(reply, 409, 'conflict', 'Already sent.');
      return reply.code(202).send({ audience: await deliver(found.tenant, found.notice) });
    });
    api.post(`${base}/notices/:noticeId/schedule`, { schema: { hide: true } }, async (request, reply) => {
      const found = await one(request, reply);
      if (!found) return reply;
      const at = (request.body as { scheduledAt?: string }).scheduledAt ?? '';
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(at)) return problem(reply, 400, 'validation-failed', 'Invalid body: scheduledAt.', [{ field: 'scheduledAt', message: 'must be YYYY-MM-DDTHH:mm' }]);
      // Local time of the comune (Europe/Rome in tests): good enough for a stub; the engine does it exactly.
      Object.assign(found.notice, { status: 'scheduled', scheduledAt: new Date(`${at}:00+01:00`).toISOString() });
      return found.notice;
    });
    api.post(`${base}/notices/:noticeId/cancel`, { schema: { hide: true } }, async (request, reply) => {
      const found = await one(request, reply);
      if (!found) return reply;
      if (found.notice.status !== 'scheduled') return problem(reply, 409, 'conflict', 'Only scheduled notices can be cancelled.');
      found.notice.status = 'cancelled';
      return found.notice;
    });
    api.get(`${base}/notices/:noticeId/stats`, { schema: { hide: true } }, async (request, reply) => {
      const found = await one(request, reply);
      if (!found) return reply;
      return stats.get(found.notice.id) ?? { audience: 0, byStatus: { pending: 0, sending: 0, sent: 0, failed: 0 }, byChannel: {}, failures: {} };
    });
    api.get(`${base}/notices/:noticeId/progress`, { schema: { hide: true } }, async (request, reply) => {
      const found = await one(request, reply);
      if (!found) return reply;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      const write = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const current = stats.get(found.notice.id);
      if (current) write('progress', current);
      if (found.notice.status === 'sent') { write('done', current ?? {}); res.end(); return; }
      const set = listeners.get(found.notice.id) ?? new Set();
      listeners.set(found.notice.id, set);
      const listener = (event: string, data: unknown) => { write(event, data); if (event === 'done') { set.delete(listener); res.end(); } };
      set.add(listener);
      request.raw.on('close', () => set.delete(listener));
    });
    api.post(`${base}/media`, { schema: { hide: true } }, async (request, reply) => {
      if (!(await tenantOf(request, reply))) return reply;
      const file = await request.file();
      if (!file) return problem(reply, 400, 'validation-failed', 'file is required', [{ field: 'file', message: 'is required' }]);
      const data = await file.toBuffer();
      const id = randomUUID();
      media.set(id, { mimeType: file.mimetype, data, fileName: file.filename });
      return reply.code(201).send({ id, mimeType: file.mimetype, size: data.length, fileName: file.filename });
    });
    api.get(`${base}/media/:mediaId`, { schema: { hide: true } }, async (request, reply) => {
      if (!(await tenantOf(request, reply))) return reply;
      const m = media.get((request.params as { mediaId: string }).mediaId);
      if (!m) return problem(reply, 404, 'not-found', 'Media not found.');
      return reply.type(m.mimeType).send(m.data);
    });
  });
}
