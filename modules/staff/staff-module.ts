import { loadCatalogs, type FeatureModule } from '../../core/internal.js';
import { registerDuty } from './duty-handlers.js';
import { staffEntities } from './entities/index.js';
import { registerLinking } from './link-handlers.js';
import { staffMigrations } from './migrations/index.js';
import { staffPermissions } from './permissions.js';
import { staffRoutes } from './routes/staff-routes.js';
import { installStaffFlavor } from './staff-flavor.js';

/**
 * The staff registry (anagrafica): members, groups, chat links made by one-time invitations, the
 * on-duty toggle. Only linked active staff see and use the staff side of the bot (`StaffFlavor`).
 *
 * @example
 * const app = await createCampanile({ modules: [baseModule, staffModule, tasksModule], … });
 */
export const staffModule: FeatureModule = {
  name: 'staff',
  texts: loadCatalogs(new URL('./locales/', import.meta.url)),
  entities: staffEntities,
  migrations: staffMigrations,
  permissions: staffPermissions,
  setup(api) {
    const staffApi = api.flavor(installStaffFlavor);
    registerLinking(staffApi);
    registerDuty(staffApi);
    for (const route of staffRoutes(api.services)) api.adminRoute(route);
  },
};
