import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';
import { StaffMember } from '../../staff/index.js';

/** Task states, in order; the last three close a task. */
export const TASK_STATES = ['nuovo', 'notificato', 'preso_in_carico', 'in_corso', 'completato', 'non_completabile', 'annullato'] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const OPEN_STATES: readonly TaskState[] = ['nuovo', 'notificato', 'preso_in_carico', 'in_corso'];
export const TASK_PRIORITIES = ['urgent', 'normal'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/**
 * A task a manager sends to one or more staff groups. The first member to take it becomes its
 * assignee (one conditional UPDATE, see `take-task.ts`); every change is a `TaskEvent`.
 *
 * @example
 * await em.find(Task, { state: { $in: [...OPEN_STATES] } }, { orderBy: { dueAt: 'asc' } });
 */
export const Task = defineEntity({
  name: 'Task',
  tableName: 'tasks_task',
  filters: tenantScope,
  indexes: [{ properties: ['tenant', 'state'] }, { properties: ['tenant', 'dueAt'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    title: p.string().length(200),
    description: p.text(),
    // Strings, not enums: MikroORM 6.6's SQLite diff misreads some enum checks (see core's Notice).
    priority: p.string().length(16).default('normal'),
    state: p.string().length(20).default('nuovo'),
    latitude: p.double().nullable(),
    longitude: p.double().nullable(),
    address: p.string().length(300).nullable(),
    dueAt: p.datetime().nullable(),
    /** Media ids (content hashes) of the manager's attachments. */
    attachments: p.json<string[]>(),
    /** Null until taken; set null when the member is erased (the timeline says "ex membro"). */
    assignee: p.manyToOne(StaffMember).nullable().deleteRule('set null').index(),
    etaMinutes: p.integer().nullable(),
    /** Notified next when nobody takes the task in time (after one re-notification of its own groups). */
    escalationGroupId: p.integer().nullable(),
    /** 0 none, 1 re-notified, 2 sent to the escalation group (or the manager alerted without one). */
    escalationLevel: p.integer().default(0),
    /** When the task was last (re)notified: the escalation clock starts here. */
    notifiedAt: p.datetime().nullable(),
    /** The due reminder went out (fires once). */
    reminderSentAt: p.datetime().nullable(),
    createdBy: p.string().length(200),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    closedAt: p.datetime().nullable(),
  }),
});
export type Task = InferEntity<typeof Task>;
