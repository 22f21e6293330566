import type { EntitySchema, MigrationObject } from '@mikro-orm/core';
import { coreEntities } from '../core/storage/entities/index.js';
import { coreMigrations } from '../core/storage/migrations/index.js';
import { allModules } from '../modules/index.js';

/** Every entity and migration of core and all shipped modules: what the migration generator diffs. */
export const allEntities: EntitySchema[] = [...coreEntities, ...allModules.flatMap((m) => m.entities ?? [])];
export const allMigrations: MigrationObject[] = [...coreMigrations, ...allModules.flatMap((m) => m.migrations ?? [])];
