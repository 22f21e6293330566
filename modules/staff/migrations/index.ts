import type { MigrationObject } from '@mikro-orm/core';
import staffInit from './20261203122010-staff-init.js';

/** The staff module's migrations; `npm run migration:create -- --owner staff --name …` adds files here. */
export const staffMigrations: MigrationObject[] = [staffInit];
