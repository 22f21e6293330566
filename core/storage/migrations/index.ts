import type { MigrationObject } from '@mikro-orm/core';
import coreInit from './20261126050245-core-init.js';
import coreAdminApi from './20261126050717-core-admin-api.js';

/** Core's migrations; `npm run migration:create -- --owner core --name …` adds files here. */
export const coreMigrations: MigrationObject[] = [coreInit, coreAdminApi];
