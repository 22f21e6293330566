/**
 * Admin routes of the suggested phrasings: what people chose after "Forse intendevi…", to approve in
 * one click (the phrasing is added to the entry and the model retrained) or dismiss.
 * Mounted by the admin API under /api/v1/tenants/:tenant/qa.
 */
import { defineAdminRoute, type AdminRoute } from '../../../core/internal.js';
import { QA_READ, QA_WRITE } from '../permissions.js';
import { approveSuggestion, dismissSuggestion, listSuggestions } from '../service/clarification-service.js';
import { QaServiceError } from '../service/qa-service-error.js';
import type { QaTrainer } from '../service/training-service.js';
import { serviceReply } from './route-reply.js';
import * as s from './schemas.js';

/**
 * The suggestion routes.
 *
 * @example
 * for (const route of suggestionRoutes(trainer)) api.adminRoute(route);
 */
export function suggestionRoutes(trainer: QaTrainer): AdminRoute[] {
  return [
    defineAdminRoute({
      method: 'GET', path: '/suggestions', summary: 'Suggested phrasings from people\'s choices, newest first', permission: QA_READ,
      schema: { querystring: s.suggestionQuerySchema, response: { 200: s.suggestionListSchema } },
      handler: (req) => serviceReply(200, () => listSuggestions(req.em, req.query)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/suggestions/:id/approve', summary: 'Add the suggested phrasing to its entry and retrain', permission: QA_WRITE,
      schema: { params: s.idParams, response: { 200: s.approvedSchema, 404: s.errorSchema, 409: s.errorSchema } },
      handler: (req) => serviceReply(200, async () => {
        const approved = await approveSuggestion(req.em, req.params.id);
        // A run already in progress read the library before this phrasing: it is trained next time.
        let training = null;
        try {
          training = await trainer.start(req.em, req.tenant.id);
        } catch (error) {
          if (!(error instanceof QaServiceError) || error.code !== 'QA_TRAINING_RUNNING') throw error;
        }
        return { ...approved, training };
      }),
    }),
    defineAdminRoute({
      method: 'POST', path: '/suggestions/:id/dismiss', summary: 'Dismiss a suggested phrasing', permission: QA_WRITE,
      schema: { params: s.idParams, response: { 200: s.suggestionSchema, 404: s.errorSchema } },
      handler: (req) => serviceReply(200, () => dismissSuggestion(req.em, req.params.id)),
    }),
  ];
}
