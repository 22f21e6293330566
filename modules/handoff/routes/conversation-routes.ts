/**
 * Admin routes of the operators' inbox and conversations, under /api/v1/tenants/:tenant/handoff.
 */
import { defineAdminRoute, heldFileReply, type AdminRoute } from '../../../core/internal.js';
import { HandoffMessage } from '../entities/index.js';
import { HANDOFF_READ, HANDOFF_WRITE } from '../permissions.js';
import { addNote, close, conversationDetail, listInbox, reply, take, transfer, type OperatorDeps } from '../service/operator-service.js';
import { serviceReply } from './route-reply.js';
import * as s from './schemas.js';

/**
 * @example
 * for (const route of conversationRoutes(deps)) api.adminRoute(route);
 */
export function conversationRoutes(deps: OperatorDeps): AdminRoute[] {
  const errors = { 404: s.errorSchema, 409: s.errorSchema };
  return [
    defineAdminRoute({
      method: 'GET', path: '/conversations', summary: 'The inbox: open conversations, longest waiting first', permission: HANDOFF_READ,
      schema: { querystring: s.inboxQuery, response: { 200: s.inboxList } },
      handler: (req) => serviceReply(200, () => listInbox(req.em, req.query, req.user)),
    }),
    defineAdminRoute({
      method: 'GET', path: '/conversations/:id', summary: "A conversation: messages in order, notes, the person's bot context and earlier handoffs", permission: HANDOFF_READ,
      schema: { params: s.idParams, response: { 200: s.conversationDetail, 404: s.errorSchema } },
      handler: (req) => serviceReply(200, () => conversationDetail(req.em, req.params.id)),
    }),
    defineAdminRoute({
      method: 'GET', path: '/conversations/:id/messages/:messageId/media', summary: "A message's photo, video, audio or document (bytes)", permission: HANDOFF_READ,
      schema: { params: s.messageMediaParams, response: { 200: s.fileSchema, 404: s.errorSchema } },
      handler: async (req) => {
        const message = await req.em.findOne(HandoffMessage, { id: req.params.messageId, conversation: req.params.id });
        const source = message?.mediaId ? await deps.services.media.source(req.tenant.id, message.mediaId) : null;
        return heldFileReply(source, { code: 'HANDOFF_NOT_FOUND', message: `Message ${req.params.messageId} of conversation ${req.params.id} has no file (retention may have removed it).` });
      },
    }),
    defineAdminRoute({
      method: 'POST', path: '/conversations/:id/take', summary: 'Take a waiting or deferred conversation (one operator wins; the other gets 409)', permission: HANDOFF_WRITE,
      schema: { params: s.idParams, response: { 200: s.conversationDetail, ...errors } },
      handler: (req) => serviceReply(200, () => take(req.em, deps, req.tenant, req.user, req.params.id)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/conversations/:id/transfer', summary: 'Transfer to another operator or to an office', permission: HANDOFF_WRITE,
      schema: { params: s.idParams, body: s.transferBody, response: { 200: s.conversationDetail, 400: s.errorSchema, ...errors } },
      handler: (req) => serviceReply(200, () => transfer(req.em, deps, req.tenant, req.user, req.params.id, req.body)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/conversations/:id/reply', summary: 'Answer the person in their chat: text, an uploaded image or document, or a canned reply', permission: HANDOFF_WRITE,
      schema: { params: s.idParams, body: s.replyBody, response: { 201: s.replyResult, 400: s.errorSchema, ...errors } },
      handler: (req) => serviceReply(201, () => reply(req.em, deps, req.tenant, req.user, req.params.id, req.body)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/conversations/:id/notes', summary: 'Add an internal note (never sent to the person)', permission: HANDOFF_WRITE,
      schema: { params: s.idParams, body: s.noteBody, response: { 201: s.noteSchema, 400: s.errorSchema, 404: s.errorSchema } },
      handler: (req) => serviceReply(201, () => addNote(req.em, deps, req.tenant, req.user, req.params.id, req.body.text)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/conversations/:id/close', summary: 'Close: the person is told and goes back to the bot', permission: HANDOFF_WRITE,
      schema: { params: s.idParams, response: { 200: s.conversationDetail, ...errors } },
      handler: (req) => serviceReply(200, () => close(req.em, deps, req.tenant, req.user, req.params.id)),
    }),
  ];
}
