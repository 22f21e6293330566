import { loadCatalogs, type FeatureModule } from '../../core/internal.js';
import { handoffEntities } from './entities/index.js';
import { handoffMigrations } from './migrations/index.js';
import { handoffPermissions } from './permissions.js';

/**
 * Create the handoff module: a citizen asks for a person (command, menu, phrases, the Q&A fallback),
 * what they send then goes to the operators' inbox, and the operators' answers come back in the same
 * chat through the one outbound path.
 *
 * @example
 * const app = await createCampanile({ modules: [baseModule, createHandoffModule()], … });
 */
export function createHandoffModule(): FeatureModule {
  return {
    name: 'handoff',
    texts: loadCatalogs(new URL('./locales/', import.meta.url)),
    entities: handoffEntities,
    migrations: handoffMigrations,
    permissions: handoffPermissions,
    setup() {},
  };
}

/** The handoff module as `modules/index.ts` registers it. */
export const handoffModule: FeatureModule = createHandoffModule();
