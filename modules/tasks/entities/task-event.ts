import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';
import { StaffMember } from '../../staff/index.js';
import { Task } from './task.js';

/** What an event records: a state change, a refusal, material sent, an escalation step, the due reminder. */
export const TASK_EVENT_KINDS = ['state', 'refused', 'material', 'escalated', 'reminder'] as const;
export type TaskEventKind = (typeof TASK_EVENT_KINDS)[number];

/**
 * One stamped step of a task's timeline: who (a member, or a manager by e-mail), when, where (the
 * last position the member sent), and what (state change, refusal reason, material).
 */
export const TaskEvent = defineEntity({
  name: 'TaskEvent',
  tableName: 'tasks_event',
  filters: tenantScope,
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    task: p.manyToOne(Task).deleteRule('cascade').index(),
    kind: p.string().length(16),
    fromState: p.string().length(20).nullable(),
    toState: p.string().length(20).nullable(),
    /** The member who acted; null for a manager, or once the member was erased ("ex membro"). */
    member: p.manyToOne(StaffMember).nullable().deleteRule('set null').index(),
    /** `staff` or the manager's e-mail. */
    actor: p.string().length(200),
    latitude: p.double().nullable(),
    longitude: p.double().nullable(),
    note: p.text().nullable(),
    /** Material: the media id and its kind (photo, audio, video, document), or a position. */
    mediaId: p.string().length(128).nullable(),
    mediaKind: p.string().length(16).nullable(),
    at: p.datetime(),
  }),
});
export type TaskEvent = InferEntity<typeof TaskEvent>;
