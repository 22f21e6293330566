import type { MigrationObject } from '@mikro-orm/core';
import reportsInit from './20261203000100-reports-init.js';
import reportsIndexes from './20261203140000-reports-indexes.js';
import reportsCategoryIndex from './20261204202754-reports-reports-category-index.js';
import reportsHidden from './20261206213823-reports-report-hidden.js';

/** The reports module's migrations; `npm run migration:create -- --owner reports --name …` adds files here. */
export const reportsMigrations: MigrationObject[] = [reportsInit, reportsIndexes, reportsCategoryIndex, reportsHidden];
