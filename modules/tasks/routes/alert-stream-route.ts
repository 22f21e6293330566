/**
 * The managers' live alerts as server-sent events: `escalated` (the task read back, its level and
 * whether everyone refused) for every escalation step of the comune's tasks, from this process and the
 * others on the same database; `resync` after missed signals (reload the escalated list); `ready` once
 * listening; `ping` to keep proxies from closing an idle stream.
 */
import { defineAdminRoute, type AdminEventSink, type AdminRoute, type LiveFeed, type ModuleServices } from '../../../core/internal.js';
import { TASKS_READ } from '../permissions.js';
import type { TaskAlert } from '../service/task-alerts.js';
import { taskDto } from '../service/task-service.js';
import * as s from './schemas.js';

/** A comment line this often keeps proxies from closing an idle stream (as the handoff inbox). */
const KEEPALIVE_MS = 25_000;

/**
 * @example
 * api.adminRoute(alertStreamRoute(api.services, alerts)); // GET /api/v1/tenants/esempio/tasks/events
 */
export function alertStreamRoute(services: ModuleServices, alerts: LiveFeed<TaskAlert>): AdminRoute {
  return defineAdminRoute({
    method: 'GET', path: '/events', summary: 'Live manager alerts: server-sent events (escalated, resync, ready, ping)', permission: TASKS_READ, eventStream: true,
    schema: { response: { 200: s.alertEventSchema } },
    handler: async (req) => ({
      status: 200,
      events: (sink: AdminEventSink) => {
        const tenantId = req.tenant.id;
        const push = (alert: TaskAlert) => {
          if (alert.tenantId !== tenantId || sink.closed) return;
          void taskDto(services.tenants.scopedEm(tenantId), alert.taskId)
            .then((task) => sink.send('escalated', { task, level: alert.level, allRefused: alert.allRefused }))
            .catch((error: unknown) => services.log.error({ err: error, module: 'tasks', task: alert.taskId }, 'task alert not streamed'));
        };
        const offAlert = alerts.listen(push);
        const offGap = alerts.onGap(() => sink.send('resync', { reason: 'missed-signals' }));
        const keepalive = setInterval(() => sink.send('ping', {}), KEEPALIVE_MS);
        sink.onClose(() => { offAlert(); offGap(); clearInterval(keepalive); });
        sink.send('ready', { tenant: req.tenant.slug });
      },
    }),
  });
}
