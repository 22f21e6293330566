import { loadCatalogs, type FeatureModule } from '../../core/internal.js';
import { reportsEntities } from './entities/index.js';
import { reportsMigrations } from './migrations/index.js';
import { reportsPermissions } from './permissions.js';

/**
 * The reports module (segnalazioni): citizens report a problem in the chat, the comune works it.
 *
 * @example
 * const app = await createCampanile({ modules: [baseModule, reportsModule], … });
 */
export const reportsModule: FeatureModule = {
  name: 'reports',
  texts: loadCatalogs(new URL('./locales/', import.meta.url)),
  entities: reportsEntities,
  migrations: reportsMigrations,
  permissions: reportsPermissions,
  setup() {},
};
