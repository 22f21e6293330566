/**
 * Teaching the bot from a human answer in one step (the handoff conversation page calls it with the
 * citizen's words and the operator's reply). Mounted under /api/v1/tenants/:tenant/qa.
 */
import { defineAdminRoute, type AdminRoute } from '../../../core/internal.js';
import { QA_WRITE } from '../permissions.js';
import { teachFromAnswer } from '../service/from-answer.js';
import { QaServiceError } from '../service/qa-service-error.js';
import type { QaTrainer } from '../service/training-service.js';
import { serviceReply } from './route-reply.js';
import * as s from './schemas.js';

/**
 * @example
 * for (const route of teachRoutes(trainer)) api.adminRoute(route);
 */
export function teachRoutes(trainer: QaTrainer): AdminRoute[] {
  return [
    defineAdminRoute({
      method: 'POST', path: '/entries/from-handoff', summary: "Save a citizen's question and an operator's reply as a new entry, or the question as a phrasing of an entry; retrains", permission: QA_WRITE,
      schema: { body: s.fromAnswerSchema, response: { 200: s.fromAnswerResultSchema, 201: s.fromAnswerResultSchema, 400: s.errorSchema, 404: s.errorSchema, 409: s.errorSchema } },
      handler: async (req) => {
        let created = false;
        const result = await serviceReply(201, async () => {
          const taught = await teachFromAnswer(req.em, req.tenant.id, req.body);
          created = taught.created;
          // Saved whatever the training says: a run in progress reads this change next time, and a
          // library still too small to train is the operator's next step, told in `warning`.
          let training = null;
          let warning: string | undefined;
          try {
            training = await trainer.start(req.em, req.tenant.id);
          } catch (error) {
            if (!(error instanceof QaServiceError)) throw error;
            warning = error.message;
          }
          return { ...taught, training, ...(warning ? { warning } : {}) };
        });
        // 201 for a new entry, 200 when a phrasing joined an existing one.
        return result.status === 201 && !created ? { ...result, status: 200 } : result;
      },
    }),
  ];
}
