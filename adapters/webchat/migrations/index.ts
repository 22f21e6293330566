import type { MigrationObject } from '@mikro-orm/core';
import webchatInit from './20261126050928-webchat-init.js';
import retentionIndex from './20261126104932-webchat-retention-index.js';

/** The web chat's migrations; `npm run migration:create -- --owner webchat --name …` adds files here. */
export const webchatMigrations: MigrationObject[] = [webchatInit, retentionIndex];
