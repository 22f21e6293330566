import type { MigrationObject } from '@mikro-orm/core';
import tasksInit from './20261203125502-tasks-init.js';

/** The tasks module's migrations; `npm run migration:create -- --owner tasks --name …` adds files here. */
export const tasksMigrations: MigrationObject[] = [tasksInit];
