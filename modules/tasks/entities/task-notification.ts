import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ChannelIdentity, Tenant, tenantScope } from '../../../core/internal.js';
import { StaffMember } from '../../staff/index.js';
import { Task } from './task.js';

/**
 * The task's message with buttons in one member's chat: its channel message id (to edit it to
 * "preso da …" once someone takes the task) and the member's refusal, if any.
 */
export const TaskNotification = defineEntity({
  name: 'TaskNotification',
  tableName: 'tasks_notification',
  filters: tenantScope,
  uniques: [{ properties: ['task', 'identity'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    task: p.manyToOne(Task).deleteRule('cascade'),
    member: p.manyToOne(StaffMember).deleteRule('cascade').index(),
    identity: p.manyToOne(ChannelIdentity).deleteRule('cascade').index(),
    messageId: p.string().length(128).nullable(),
    refusedAt: p.datetime().nullable(),
    sentAt: p.datetime(),
  }),
});
export type TaskNotification = InferEntity<typeof TaskNotification>;
