import { loadCatalogs, type FeatureModule } from '../../core/internal.js';
import { installStaffFlavor } from '../staff/index.js';
import { registerAssignee } from './assignee-handlers.js';
import { tasksEntities } from './entities/index.js';
import { tasksMigrations } from './migrations/index.js';
import { tasksPermissions } from './permissions.js';
import { taskRoutes } from './routes/task-routes.js';

/**
 * Tasks (gestione attività): a manager sends a task to staff groups; members are notified in the chat,
 * the first to take it gets it (atomic across processes), sends material and closes it; every step is
 * stamped and audited. Requires the staff registry.
 *
 * @example
 * const app = await createCampanile({ modules: [baseModule, staffModule, tasksModule], … });
 */
export const tasksModule: FeatureModule = {
  name: 'tasks',
  requires: ['staff'],
  texts: loadCatalogs(new URL('./locales/', import.meta.url)),
  entities: tasksEntities,
  migrations: tasksMigrations,
  permissions: tasksPermissions,
  setup(api) {
    registerAssignee(api.flavor(installStaffFlavor));
    for (const route of taskRoutes(api.services)) api.adminRoute(route);
  },
};
