import { loadCatalogs, scopedSignals, type FeatureModule, type LiveFeed } from '../../core/internal.js';
import { installStaffFlavor } from '../staff/index.js';
import { registerAssignee } from './assignee-handlers.js';
import { tasksEntities } from './entities/index.js';
import { tasksMigrations } from './migrations/index.js';
import { tasksPermissions } from './permissions.js';
import { alertStreamRoute } from './routes/alert-stream-route.js';
import { calendarFeedRoute, taskRoutes } from './routes/task-routes.js';
import { TaskClock, type TaskClockOptions } from './service/escalation-service.js';
import { materialRetention } from './service/material-retention.js';
import { taskAlerts, type TaskAlert } from './service/task-alerts.js';

/** What a tasks module instance holds at run time (`tasks.runtime`), for tests and tools. */
export interface TasksRuntime {
  /** Escalation and due reminders; `runOnce(now)` runs one tick now. */
  readonly clock: TaskClock;
  /** The managers' live alerts (escalations), across processes. */
  readonly alerts: LiveFeed<TaskAlert>;
}

export interface TasksModule extends FeatureModule {
  /** Throws before `setup` (i.e. before `createCampanile`). */
  readonly runtime: TasksRuntime;
}

/**
 * Tasks (gestione attività): a manager sends a task to staff groups; members are notified in the chat,
 * the first to take it gets it (atomic across processes), sends material and closes it; every step is
 * stamped and audited; a background clock escalates and reminds. Requires the staff registry.
 *
 * @example
 * const tasks = createTasksModule({ escalateAfterMs: 10 * 60_000 });
 * const app = await createCampanile({ modules: [baseModule, staffModule, tasks], … });
 */
export function createTasksModule(options: TaskClockOptions = {}): TasksModule {
  let runtime: TasksRuntime | undefined;
  return {
    name: 'tasks',
    requires: ['staff'],
    texts: loadCatalogs(new URL('./locales/', import.meta.url)),
    entities: tasksEntities,
    migrations: tasksMigrations,
    permissions: tasksPermissions,
    get runtime(): TasksRuntime {
      if (!runtime) throw new Error('The tasks module is not set up yet: read tasks.runtime after createCampanile({ modules: [..., tasks] }).');
      return runtime;
    },
    setup(api) {
      const alerts = taskAlerts();
      const clock = new TaskClock(api.services, options, alerts);
      runtime = { clock, alerts };
      registerAssignee(api.flavor(installStaffFlavor));
      for (const route of [...taskRoutes(api.services), alertStreamRoute(api.services, alerts)]) api.adminRoute(route);
      api.publicRoute(calendarFeedRoute(api.services));
      api.onRetention(materialRetention(api.services));
      // Listening before the clock runs, so this process's streams hear the others' first escalation too.
      api.service({ name: 'tasks:alerts', start: () => alerts.connect(scopedSignals(api.services.signals, 'tasks')), stop: () => alerts.disconnect() });
      api.service({ name: 'tasks:clock', start: () => clock.start(), stop: () => clock.stop() });
    },
  };
}

/** The tasks module as `modules/index.ts` registers it. */
export const tasksModule: TasksModule = createTasksModule();
