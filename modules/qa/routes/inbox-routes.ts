/**
 * Admin routes of the unanswered-questions inbox: the grouped list and the operator's actions.
 * Mounted by the admin API under /api/v1/tenants/:tenant/qa.
 */
import { defineAdminRoute, type AdminRoute } from '../../../core/internal.js';
import { QA_READ, QA_WRITE } from '../permissions.js';
import { addAsPhrasing, createEntryFrom, listInbox, setGroupStatus } from '../service/inbox-service.js';
import { serviceReply } from './route-reply.js';
import * as s from './schemas.js';

/**
 * The inbox routes.
 *
 * @example
 * for (const route of inboxRoutes()) api.adminRoute(route);
 */
export function inboxRoutes(): AdminRoute[] {
  return [
    defineAdminRoute({
      method: 'GET', path: '/inbox', summary: 'Unanswered questions, grouped, most asked first', permission: QA_READ,
      schema: { querystring: s.inboxQuerySchema, response: { 200: s.inboxListSchema } },
      handler: (req) => serviceReply(200, () => listInbox(req.em, req.query)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/inbox/:id/add-phrasing', summary: 'Add the question as a phrasing of an existing entry', permission: QA_WRITE,
      schema: { params: s.idParams, body: s.addPhrasingSchema, response: { 200: s.entryAndGroupSchema, 404: s.errorSchema } },
      handler: (req) => serviceReply(200, () => addAsPhrasing(req.em, req.params.id, req.body.entryId)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/inbox/:id/create-entry', summary: 'Create a new entry from the question in one step', permission: QA_WRITE,
      schema: { params: s.idParams, body: s.createFromSchema, response: { 201: s.entryAndGroupSchema, 400: s.errorSchema, 404: s.errorSchema, 409: s.errorSchema } },
      handler: (req) => serviceReply(201, () => createEntryFrom(req.em, req.tenant.id, req.params.id, req.body)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/inbox/:id/ignore', summary: 'Ignore the question (it stays ignored when asked again)', permission: QA_WRITE,
      schema: { params: s.idParams, response: { 200: s.groupSchema, 404: s.errorSchema } },
      handler: (req) => serviceReply(200, () => setGroupStatus(req.em, req.params.id, 'ignored')),
    }),
    defineAdminRoute({
      method: 'POST', path: '/inbox/:id/reopen', summary: 'Put an ignored or handled question back in the inbox', permission: QA_WRITE,
      schema: { params: s.idParams, response: { 200: s.groupSchema, 404: s.errorSchema } },
      handler: (req) => serviceReply(200, () => setGroupStatus(req.em, req.params.id, 'new')),
    }),
  ];
}
