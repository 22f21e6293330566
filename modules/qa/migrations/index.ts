import type { MigrationObject } from '@mikro-orm/core';
import qaInit from './20261126050622-qa-init.js';
import qaEntryTranslations from './20261126075301-qa-qa-entry-translations.js';
import qaCalibration from './20261203000190-qa-calibration.js';

/** The Q&A module's migrations; `npm run migration:create -- --owner qa --name …` adds files here. */
export const qaMigrations: MigrationObject[] = [qaInit, qaEntryTranslations, qaCalibration];
