/**
 * Taking a task: the first member wins, across processes. One conditional UPDATE
 * (`… where assignee is null and state in ('nuovo','notificato')`) decides; only the row it changed
 * gets its stamp. Runs on its own `em` (committed at once), so the others can be told right after.
 */
import type { ModuleServices, TenantInfo } from '../../../core/internal.js';
import { StaffMember } from '../../staff/index.js';
import { Task, TaskNotification } from '../entities/index.js';
import { stamp } from './timeline.js';

export type TakeOutcome = { kind: 'taken'; task: Task } | { kind: 'already'; by: string | null } | { kind: 'closed' } | { kind: 'unknown' };

export async function takeTask(services: ModuleServices, tenant: TenantInfo, taskId: number, memberId: number, etaMinutes: number): Promise<TakeOutcome> {
  const em = services.tenants.scopedEm(tenant.id);
  const now = new Date();
  const changed = await em.createQueryBuilder(Task)
    .update({ assignee: memberId, state: 'preso_in_carico', etaMinutes, updatedAt: now })
    .where({ id: taskId, assignee: null, state: { $in: ['nuovo', 'notificato'] } })
    .execute('run');
  const task = await em.findOne(Task, { id: taskId }, { populate: ['assignee'], refresh: true });
  if (!task) return { kind: 'unknown' };
  if (changed.affectedRows !== 1) {
    if (!task.assignee) return { kind: 'closed' };
    return { kind: 'already', by: task.assignee.id === memberId ? null : (task.assignee as StaffMember).name };
  }
  const member = await em.findOneOrFail(StaffMember, { id: memberId });
  stamp(em, task, { kind: 'member', member }, 'state', { from: 'notificato', to: 'preso_in_carico', note: `ETA ${etaMinutes} min` }, now);
  await em.flush();
  return { kind: 'taken', task };
}

/**
 * Tells the other notified chats who took the task: their task message is edited in place to
 * "preso da …" (its buttons removed) where the channel can edit and its id is known; otherwise a
 * short new message says it.
 */
export async function tellOthers(services: ModuleServices, tenant: TenantInfo, task: Task, takerId: number, takerName: string): Promise<void> {
  const em = services.tenants.scopedEm(tenant.id);
  const notifications = await em.find(TaskNotification, { task: task.id, member: { $ne: takerId } });
  const text = services.translator.text(tenant.defaultLocale, 'tasks.taken_by', { title: task.title, name: takerName }, tenant.texts);
  // All at once: the taker's turn waits for these, and one edit per chat needs no order between chats.
  await Promise.all(notifications.map((n) => services.messenger.send(tenant, n.identity.id, { text, ...(n.messageId ? { replaceMessageId: n.messageId } : {}) })));
}
