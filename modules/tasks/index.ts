/** The tasks module: re-exports only. */
export { tasksModule, createTasksModule, type TasksModule, type TasksRuntime } from './tasks-module.js';
export { TASKS_READ, TASKS_WRITE, tasksPermissions } from './permissions.js';
export type { TaskClockOptions, ClockRun } from './service/escalation-service.js';
export * from './entities/index.js';
