/**
 * Admin routes around the inbox: operator presence, canned replies, settings and statistics.
 */
import { defineAdminRoute, type AdminRoute } from '../../../core/internal.js';
import { HANDOFF_READ, HANDOFF_WRITE } from '../permissions.js';
import { deleteCanned, listCanned, saveCanned } from '../service/canned-replies.js';
import type { OperatorDeps } from '../service/operator-service.js';
import { listOperators, listPresence, setPresence } from '../service/presence-service.js';
import { readSettings, updateSettings } from '../service/settings-service.js';
import { handoffStats } from '../service/stats-service.js';
import { serviceReply } from './route-reply.js';
import * as s from './schemas.js';

/**
 * @example
 * for (const route of deskRoutes(deps)) api.adminRoute(route);
 */
export function deskRoutes(deps: OperatorDeps): AdminRoute[] {
  return [
    defineAdminRoute({
      method: 'PUT', path: '/presence', summary: 'Set my presence (also the heartbeat: repeat every 30 s to stay online)', permission: HANDOFF_WRITE,
      schema: { body: s.presenceBody, response: { 200: s.presenceSchema } },
      handler: (req) => serviceReply(200, () => setPresence(req.em, req.tenant.id, req.user.id, req.body.status, deps.now())),
    }),
    defineAdminRoute({
      method: 'GET', path: '/presence', summary: "The comune's operators and whether they are online", permission: HANDOFF_READ,
      schema: { response: { 200: s.presenceList } },
      handler: (req) => serviceReply(200, () => listPresence(req.em, deps.now())),
    }),
    defineAdminRoute({
      method: 'GET', path: '/operators', summary: "Who can answer citizens in this comune (transfer targets), with their presence", permission: HANDOFF_READ,
      schema: { response: { 200: s.operatorList } },
      handler: (req) => serviceReply(200, () => listOperators(req.em, req.tenant.id, deps.now())),
    }),
    defineAdminRoute({
      method: 'GET', path: '/canned-replies', summary: 'Canned replies, each also with its placeholders filled in for me', permission: HANDOFF_READ,
      schema: { response: { 200: s.cannedList } },
      handler: (req) => serviceReply(200, () => listCanned(req.em, req.tenant, req.user)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/canned-replies', summary: 'Add a canned reply ({comune} and {operatore} are filled in when sent)', permission: HANDOFF_WRITE,
      schema: { body: s.cannedBody, response: { 201: s.cannedSchema, 400: s.errorSchema, 409: s.errorSchema } },
      handler: (req) => serviceReply(201, () => saveCanned(req.em, req.tenant.id, null, req.body)),
    }),
    defineAdminRoute({
      method: 'PUT', path: '/canned-replies/:id', summary: 'Edit a canned reply', permission: HANDOFF_WRITE,
      schema: { params: s.idParams, body: s.cannedBody, response: { 200: s.cannedSchema, 400: s.errorSchema, 404: s.errorSchema, 409: s.errorSchema } },
      handler: (req) => serviceReply(200, () => saveCanned(req.em, req.tenant.id, req.params.id, req.body)),
    }),
    defineAdminRoute({
      method: 'DELETE', path: '/canned-replies/:id', summary: 'Delete a canned reply', permission: HANDOFF_WRITE,
      schema: { params: s.idParams, response: { 204: s.noContentSchema, 404: s.errorSchema } },
      handler: (req) => serviceReply(204, () => deleteCanned(req.em, req.params.id)),
    }),
    defineAdminRoute({
      method: 'GET', path: '/settings', summary: 'Handoff settings: office hours, safety nets, rating, offices, flood limit', permission: HANDOFF_READ,
      schema: { response: { 200: s.settingsSchema } },
      handler: (req) => serviceReply(200, () => readSettings(req.em, req.tenant.id)),
    }),
    defineAdminRoute({
      method: 'PATCH', path: '/settings', summary: 'Change handoff settings (the keys given)', permission: HANDOFF_WRITE,
      schema: { body: s.settingsPatch, response: { 200: s.settingsSchema } },
      handler: (req) => serviceReply(200, () => updateSettings(req.em, req.tenant.id, req.body)),
    }),
    defineAdminRoute({
      method: 'GET', path: '/stats', summary: 'Waiting now, first-response and resolution times, conversations per day, ratings', permission: HANDOFF_READ,
      schema: { querystring: s.statsQuery, response: { 200: s.statsSchema } },
      handler: (req) => serviceReply(200, () => handoffStats(req.em, req.tenant, req.query.days ?? 30, deps.now())),
    }),
  ];
}
