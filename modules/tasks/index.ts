/** The tasks module: re-exports only. */
export { tasksModule } from './tasks-module.js';
export { TASKS_READ, TASKS_WRITE, tasksPermissions } from './permissions.js';
export * from './entities/index.js';
