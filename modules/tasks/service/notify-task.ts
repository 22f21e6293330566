/**
 * Sends a task to its groups' chats through the one outbound path (`messenger.send`): the manager's
 * attachments first, then the task text with the buttons Prendo io / Non posso. Urgent tasks go with
 * `urgent` priority (before routine notices and person-to-person messages), normal ones as `direct`.
 */
import { joinText, type FormattedText, type ModuleServices, type TenantInfo } from '../../../core/internal.js';
import { Task, TaskNotification, TaskTarget } from '../entities/index.js';
import { recipientsOf } from './recipients.js';
import { stamp, type TaskActor } from './timeline.js';

/** The task's text as the members read it. */
export function taskText(services: ModuleServices, tenant: TenantInfo, task: Task): FormattedText {
  const t = (key: string, vars: Record<string, string> = {}) => services.translator.text(tenant.defaultLocale, key, vars, tenant.texts);
  const parts: FormattedText[] = [t(task.priority === 'urgent' ? 'tasks.notify_urgent' : 'tasks.notify_title', { title: task.title })];
  if (task.description) parts.push(t('tasks.plain', { text: task.description }));
  if (task.address) parts.push(t('tasks.notify_address', { address: task.address }));
  if (task.dueAt) parts.push(t('tasks.notify_due', { due: task.dueAt.toLocaleString(tenant.defaultLocale, { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' }) }));
  return joinText(parts);
}

/**
 * Notifies every recipient not notified yet (`again`: also those notified before who did not refuse);
 * returns how many chats were reached. The task moves to `notificato` when at least one was.
 */
export async function notifyTask(services: ModuleServices, tenant: TenantInfo, taskId: number, actor: TaskActor, options: { again?: boolean } = {}): Promise<number> {
  const em = services.tenants.scopedEm(tenant.id);
  const task = await em.findOneOrFail(Task, { id: taskId });
  const groupIds = (await em.find(TaskTarget, { task: taskId })).map((row) => row.group.id);
  const earlier = new Map((await em.find(TaskNotification, { task: taskId })).map((n) => [n.identity.id, n]));
  const recipients = (await recipientsOf(em, groupIds)).filter((r) => {
    const before = earlier.get(r.identityId);
    return !before || (options.again && !before.refusedAt);
  });
  const t = (key: string) => services.translator.t(tenant.defaultLocale, key, {}, tenant.texts);
  const priority = task.priority === 'urgent' ? 'urgent' : 'direct';
  const text = taskText(services, tenant, task);
  // Every chat at once: each recipient's rows are queued together, so an urgent task's whole squad is in
  // the lane before the first answer (one after the other, routine sends took the tokens in between).
  // Within one chat the attachments still go before the text (the lane keeps a chat's rows in order).
  const outcomes = await Promise.all(recipients.map(async (recipient) => {
    for (const mediaId of task.attachments) {
      const media = await services.media.source(tenant.id, mediaId);
      if (media) await services.messenger.send(tenant, recipient.identityId, { attachment: { kind: media.mimeType.startsWith('image/') ? 'image' : 'document', media } }, { priority });
    }
    const result = await services.messenger.send(tenant, recipient.identityId, {
      text, choices: [{ label: t('tasks.button_take'), payload: `tasks:take:${task.id}` }, { label: t('tasks.button_refuse'), payload: `tasks:refuse:${task.id}` }],
    }, { priority });
    return { recipient, result };
  }));
  let reached = 0;
  for (const { recipient, result } of outcomes) {
    if (result.status === 'recipient-gone') continue;
    const messageId = result.status === 'delivered' ? result.messageId : null;
    const before = earlier.get(recipient.identityId);
    if (before) em.assign(before, { messageId, sentAt: new Date() });
    else em.create(TaskNotification, { tenant: tenant.id, task, member: recipient.memberId, identity: recipient.identityId, messageId, sentAt: new Date() });
    reached += 1;
  }
  if (reached > 0) task.notifiedAt = new Date();
  if (reached > 0 && task.state === 'nuovo') {
    stamp(em, task, actor, 'state', { from: 'nuovo', to: 'notificato' });
    task.state = 'notificato';
  }
  await em.flush();
  return reached;
}
