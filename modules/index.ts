import type { FeatureModule } from '../core/internal.js';
import { baseModule } from './base/index.js';
import { qaModule } from './qa/index.js';
import { reportsModule } from './reports/index.js';

/** Every module Campanile ships, in registration order (a module comes after those it requires). */
export const allModules: readonly FeatureModule[] = [baseModule, qaModule, reportsModule];
