import type { EntitySchema, MigrationObject } from '@mikro-orm/core';
import { coreEntities } from '../core/storage/entities/index.js';
import { coreMigrations } from '../core/storage/migrations/index.js';
import { webchatMigrations } from '../adapters/webchat/migrations/index.js';
import { WebchatMessage } from '../adapters/webchat/webchat-message.js';
import { allModules } from '../modules/index.js';

/** Every entity and migration of core, all shipped modules and the adapters that keep tables: what the migration generator diffs. */
export const allEntities: EntitySchema[] = [...coreEntities, ...allModules.flatMap((m) => m.entities ?? []), WebchatMessage];
export const allMigrations: MigrationObject[] = [...coreMigrations, ...allModules.flatMap((m) => m.migrations ?? []), ...webchatMigrations];
