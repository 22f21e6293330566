import { loadCatalogs, type FeatureModule } from '../../core/internal.js';
import { qaEntities } from './entities/index.js';
import { registerFreeText } from './free-text.js';
import { qaMigrations } from './migrations/index.js';
import { qaPermissions } from './permissions.js';
import { inboxRoutes } from './routes/inbox-routes.js';
import { suggestionRoutes } from './routes/suggestion-routes.js';
import { libraryRoutes } from './routes/library-routes.js';
import { teachRoutes } from './routes/teach-routes.js';
import { modelRoutes } from './routes/model-routes.js';
import { eraseUnanswered } from './service/inbox-service.js';
import { QaModels } from './service/model-cache.js';
import { QaTrainer, type TrainFunction } from './service/training-service.js';
import { unansweredRetention } from './service/unanswered-retention.js';

/** Options of `createQaModule`. */
export interface QaModuleOptions {
  /** How models are trained (default: `trainInWorker`, off the main thread). */
  train?: TrainFunction;
}

/** What a Q&A module instance holds at run time, for tests and tools (`qa.runtime`). */
export interface QaRuntime {
  readonly models: QaModels;
  readonly trainer: QaTrainer;
}

/** The Q&A module: a feature module whose run-time objects are typed module data, there once set up. */
export interface QaModule extends FeatureModule {
  /** The model cache and trainer of this instance; throws before `setup` (i.e. before `createCampanile`). */
  readonly runtime: QaRuntime;
}

/**
 * Create the Q&A module: per-tenant library and NLP model, free-text answers, the unanswered
 * inbox, admin routes (library, import/export, inbox, training), erasure and retention of logged
 * questions.
 * Each instance has its own model cache and trainer (one per process in production).
 *
 * @example
 * const qa = createQaModule();
 * const app = await createCampanile({ modules: [baseModule, qa], … });
 * await qa.runtime.trainer.whenIdle(tenant.id);
 */
export function createQaModule(options: QaModuleOptions = {}): QaModule {
  let runtime: QaRuntime | undefined;
  return {
    name: 'qa',
    texts: loadCatalogs(new URL('./locales/', import.meta.url)),
    entities: qaEntities,
    migrations: qaMigrations,
    permissions: qaPermissions,
    get runtime(): QaRuntime {
      if (!runtime) throw new Error('The Q&A module is not set up yet: read qa.runtime after createCampanile({ modules: [..., qa] }).');
      return runtime;
    },
    setup(api) {
      const models = new QaModels();
      const trainer = new QaTrainer(models, (tenantId) => api.services.tenants.scopedEm(tenantId), options.train, (error, tenantId) =>
        api.services.log.error({ err: error, module: 'qa', tenant: tenantId }, 'Q&A training run failed unexpectedly'),
      );
      runtime = { models, trainer };
      registerFreeText(api, models);
      for (const route of [...libraryRoutes(), ...inboxRoutes(), ...modelRoutes(trainer), ...suggestionRoutes(trainer), ...teachRoutes(trainer)]) api.adminRoute(route);
      api.onErase((em, person) => eraseUnanswered(em, person));
      api.onRetention(unansweredRetention(api.services.tenants));
    },
  };
}

/** The Q&A module as `modules/index.ts` registers it. */
export const qaModule: QaModule = createQaModule();
