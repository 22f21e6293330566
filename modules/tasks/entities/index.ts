/** Entities of the tasks module, in dependency order. */
import { Task } from './task.js';
import { TaskEvent } from './task-event.js';
import { TaskFeed } from './task-feed.js';
import { TaskNotification } from './task-notification.js';
import { TaskTarget } from './task-target.js';

export { Task, TaskTarget, TaskEvent, TaskNotification, TaskFeed };
export { TASK_STATES, TASK_PRIORITIES, OPEN_STATES, type TaskState, type TaskPriority } from './task.js';
export { TASK_EVENT_KINDS, type TaskEventKind } from './task-event.js';

export const tasksEntities = [Task, TaskTarget, TaskEvent, TaskNotification, TaskFeed];
