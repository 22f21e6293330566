/**
 * Admin routes of an operator's own Telegram alerts (a new person waiting): link the chat, turn the
 * alerts on or off, unlink. Each operator sees and changes only their own.
 */
import { defineAdminRoute, type AdminRoute } from '../../../core/internal.js';
import { HANDOFF_READ, HANDOFF_WRITE } from '../permissions.js';
import { alertSettings, createAlertLink, setAlerts, unlinkAlerts } from '../service/operator-alerts.js';
import type { OperatorDeps } from '../service/operator-service.js';
import { serviceReply } from './route-reply.js';
import * as s from './schemas.js';

/**
 * @example
 * for (const route of alertRoutes(deps)) api.adminRoute(route);
 */
export function alertRoutes(deps: OperatorDeps): AdminRoute[] {
  return [
    defineAdminRoute({
      method: 'GET', path: '/alerts', summary: 'My Telegram alerts: whether a chat is linked and the alerts are on', permission: HANDOFF_READ,
      schema: { response: { 200: s.alertSchema } },
      handler: (req) => serviceReply(200, () => alertSettings(req.em, req.user.id)),
    }),
    defineAdminRoute({
      method: 'PUT', path: '/alerts', summary: 'Turn my Telegram alerts on or off (on needs a linked chat: 409 otherwise)', permission: HANDOFF_WRITE,
      schema: { body: s.alertBody, response: { 200: s.alertSchema, 409: s.errorSchema } },
      handler: (req) => serviceReply(200, () => setAlerts(req.em, req.user.id, req.body)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/alerts/link', summary: 'A one-time link (1 h) that links my Telegram chat: open it in Telegram', permission: HANDOFF_WRITE,
      schema: { response: { 201: s.alertLinkSchema, 409: s.errorSchema } },
      handler: (req) => serviceReply(201, () => createAlertLink(req.em, deps.services, req.tenant, req.user.id, deps.now())),
    }),
    defineAdminRoute({
      method: 'DELETE', path: '/alerts/link', summary: 'Forget my linked Telegram chat (alerts off)', permission: HANDOFF_WRITE,
      schema: { response: { 200: s.alertSchema } },
      handler: (req) => serviceReply(200, () => unlinkAlerts(req.em, req.user.id)),
    }),
  ];
}
