import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AuditEntry } from '../../../../core/internal.js';
import { AuditQuery, AuditRow, responses, TenantParams } from '../../../schemas/index.js';
import { scopeOf } from '../autohooks.js';

const toRow = (e: AuditEntry) => ({ ...e, tenant: e.tenantId });

/**
 * The audit log: a comune's (mayor) and the whole installation's (superadmin), newest first.
 *
 * @example
 * GET /api/v1/tenants/esempio/audit?action=delete&limit=20
 */
const audit: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['audit'];
  const where = (q: { action?: string | undefined; target?: string | undefined; before?: number | undefined }) => ({
    ...(q.action ? { action: q.action } : {}),
    ...(q.target ? { target: q.target } : {}),
    ...(q.before ? { id: { $lt: q.before } } : {}),
  });

  fastify.get('/tenants/:tenant/audit', {
    schema: { tags, summary: 'The comune\'s audit log, newest first', 'x-permission': 'audit.read', params: TenantParams, querystring: AuditQuery, response: responses({ 200: Type.Array(AuditRow) }, [400]) },
  }, async (request) => {
    const rows = await fastify.campanile.db.em.fork().find(AuditEntry, { tenantId: scopeOf(request).tenant.id, ...where(request.query) }, { orderBy: { id: 'desc' }, limit: request.query.limit ?? 100 });
    return rows.map(toRow);
  });

  fastify.get('/audit', {
    schema: { tags, summary: 'The whole installation\'s audit log (superadmin), newest first', 'x-permission': 'tenants.manage', querystring: AuditQuery, response: responses({ 200: Type.Array(AuditRow) }, [400]) },
  }, async (request) => {
    const rows = await fastify.campanile.db.em.fork().find(AuditEntry, where(request.query), { orderBy: { id: 'desc' }, limit: request.query.limit ?? 100 });
    return rows.map(toRow);
  });
};

export default audit;
