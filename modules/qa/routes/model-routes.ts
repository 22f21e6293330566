/**
 * Admin routes of the model: start a training run (asynchronous) and read the model status.
 * Mounted by the admin API under /api/v1/tenants/:tenant/qa.
 */
import { defineAdminRoute, type AdminRoute } from '../../../core/internal.js';
import { QA_READ, QA_WRITE } from '../permissions.js';
import { modelStatus, type QaTrainer } from '../service/training-service.js';
import { serviceReply } from './route-reply.js';
import * as s from './schemas.js';

/**
 * The model routes.
 *
 * @example
 * for (const route of modelRoutes(trainer)) api.adminRoute(route);
 */
export function modelRoutes(trainer: QaTrainer): AdminRoute[] {
  return [
    defineAdminRoute({
      method: 'POST', path: '/train', summary: 'Retrain the model from the library (202: poll GET /model)', permission: QA_WRITE,
      schema: { response: { 202: s.modelSchema, 409: s.errorSchema, 422: s.errorSchema } },
      handler: (req) => serviceReply(202, () => trainer.start(req.em, req.tenant.id)),
    }),
    defineAdminRoute({
      method: 'GET', path: '/model', summary: 'The model answering now and the latest training run', permission: QA_READ,
      schema: { response: { 200: s.modelStatusSchema } },
      handler: (req) => serviceReply(200, async () => ({ ...(await modelStatus(req.em)), training: trainer.isRunning(req.tenant.id) })),
    }),
  ];
}
