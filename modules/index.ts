import type { FeatureModule } from '../core/internal.js';
import { baseModule } from './base/index.js';
import { handoffModule } from './handoff/index.js';
import { qaModule } from './qa/index.js';
import { reportsModule } from './reports/index.js';
import { staffModule } from './staff/index.js';
import { tasksModule } from './tasks/index.js';

/** Every module Campanile ships, in registration order (a module comes after those it requires). */
export const allModules: readonly FeatureModule[] = [baseModule, staffModule, tasksModule, handoffModule, qaModule, reportsModule];
