import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';
import { StaffGroup } from '../../staff/index.js';
import { Task } from './task.js';

/** A group a task is sent to. */
export const TaskTarget = defineEntity({
  name: 'TaskTarget',
  tableName: 'tasks_target',
  filters: tenantScope,
  uniques: [{ properties: ['task', 'group'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    task: p.manyToOne(Task).deleteRule('cascade'),
    group: p.manyToOne(StaffGroup).deleteRule('cascade').index(),
  }),
});
export type TaskTarget = InferEntity<typeof TaskTarget>;
