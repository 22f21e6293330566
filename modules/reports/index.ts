/** The reports module: re-exports only. */
export { reportsModule } from './reports-module.js';
export { REPORTS_READ, REPORTS_WRITE, reportsPermissions } from './permissions.js';
export * from './entities/index.js';
