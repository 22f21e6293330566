import { loadCatalogs, type FeatureModule } from '../../core/internal.js';
import { registerReportChat } from './chat/index.js';
import { reportsEntities } from './entities/index.js';
import { reportsMigrations } from './migrations/index.js';
import { open311Routes } from './open311/open311-routes.js';
import { reportsPermissions } from './permissions.js';
import { reportRoutes } from './routes/report-routes.js';
import { settingsRoutes } from './routes/settings-routes.js';
import { eraseReporter, reportRetention } from './service/report-privacy.js';

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
  setup(api) {
    registerReportChat(api);
    for (const route of [...reportRoutes(api.services), ...settingsRoutes()]) api.adminRoute(route);
    for (const route of open311Routes(api.services)) api.publicRoute(route);
    api.onErase((em, person) => eraseReporter(em, person));
    api.onRetention(reportRetention(api.services));
  },
};
