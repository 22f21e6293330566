import type { Permission } from '../../core/internal.js';

/** Read tasks, their timelines and material. */
export const TASKS_READ = 'tasks.read';
/** Create and cancel tasks. */
export const TASKS_WRITE = 'tasks.write';

export const tasksPermissions: readonly Permission[] = [
  { name: TASKS_READ, roles: ['staff-manager'], description: 'View tasks, their timeline and material' },
  { name: TASKS_WRITE, roles: ['staff-manager'], description: 'Create, send and cancel tasks' },
];
