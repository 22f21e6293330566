import type { MigrationObject } from '@mikro-orm/core';
import handoffInit from './20261203000100-handoff-init.js';
import handoffHeld from './20261203140000-handoff-held.js';
import handoffHeldIndex from './20261206214427-handoff-held-index.js';
import handoffOperatorAlert from './20261206215912-handoff-operator-alert.js';

/** The handoff module's migrations; `npm run migration:create -- --owner handoff --name …` adds files here. */
export const handoffMigrations: MigrationObject[] = [handoffInit, handoffHeld, handoffHeldIndex, handoffOperatorAlert];
