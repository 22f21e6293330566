/**
 * The tasks' clock, as a background service: escalation (nobody took the task in time, or everyone
 * notified refused → re-notify the groups, then send it to the escalation group and alert the manager)
 * and the due reminder (once). Safe across processes: each step is claimed with one compare-and-set
 * UPDATE (`… where escalation_level = <seen>` / `… where reminder_sent_at is null`), so of several
 * processes running the same tick exactly one acts on a task.
 */
import type { LiveFeed, ModuleServices, TenantInfo } from '../../../core/internal.js';
import { StaffLink } from '../../staff/index.js';
import { OPEN_STATES, Task, TaskNotification, TaskTarget } from '../entities/index.js';
import { notifyTask } from './notify-task.js';
import type { TaskAlert } from './task-alerts.js';
import { stamp } from './timeline.js';

export interface TaskClockOptions {
  /** Nobody took the task this long after it was (re)notified → next escalation step. Default 15 min. */
  readonly escalateAfterMs?: number;
  /** The due reminder goes this long before the due time. Default 1 hour. */
  readonly remindBeforeMs?: number;
  /** How often the clock runs. Default 30 s. */
  readonly intervalMs?: number;
}

export const TASK_CLOCK_DEFAULTS = { escalateAfterMs: 15 * 60_000, remindBeforeMs: 60 * 60_000, intervalMs: 30_000 } as const;

/** What one run did, for logs and tests. */
export interface ClockRun {
  escalated: number;
  reminded: number;
}

export class TaskClock {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly options: Required<TaskClockOptions>;

  /** `alerts`: where each escalation step is told live (the managers' admin streams). */
  constructor(private readonly services: ModuleServices, options: TaskClockOptions = {}, private readonly alerts?: LiveFeed<TaskAlert>) {
    this.options = { ...TASK_CLOCK_DEFAULTS, ...options };
  }

  async start(): Promise<void> {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce(new Date())
        .catch((error: unknown) => this.services.log.error({ err: error, module: 'tasks' }, 'task clock run failed'))
        .finally(() => { this.running = undefined; });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One tick over every comune with the tasks module. */
  async runOnce(now: Date): Promise<ClockRun> {
    const run: ClockRun = { escalated: 0, reminded: 0 };
    for (const tenant of await this.services.tenants.list()) {
      if (!tenant.enabledModules.includes('tasks')) continue;
      run.escalated += await this.escalate(tenant, now);
      run.reminded += await this.remind(tenant, now);
    }
    return run;
  }

  private async escalate(tenant: TenantInfo, now: Date): Promise<number> {
    const em = this.services.tenants.scopedEm(tenant.id);
    const due = new Date(now.getTime() - this.options.escalateAfterMs);
    const candidates = await em.find(Task, { state: 'notificato', assignee: null, escalationLevel: { $lt: 2 } });
    let count = 0;
    for (const task of candidates) {
      const notifications = await em.find(TaskNotification, { task: task.id });
      const allRefused = notifications.length > 0 && notifications.every((n) => n.refusedAt);
      if (!allRefused && (!task.notifiedAt || task.notifiedAt > due)) continue;
      // Everyone refused: re-notifying the same people is pointless, go to the escalation group.
      const level = allRefused ? 2 : task.escalationLevel + 1;
      const claimed = await em.createQueryBuilder(Task)
        .update({ escalationLevel: level, notifiedAt: now })
        .where({ id: task.id, escalationLevel: task.escalationLevel, assignee: null, state: 'notificato' })
        .execute('run');
      if (claimed.affectedRows !== 1) continue;
      count += 1;
      await this.escalateStep(tenant, task, level, allRefused);
    }
    return count;
  }

  private async escalateStep(tenant: TenantInfo, task: Task, level: number, allRefused: boolean): Promise<void> {
    const em = this.services.tenants.scopedEm(tenant.id);
    const fresh = await em.findOneOrFail(Task, { id: task.id });
    const t = (key: string) => this.services.translator.t(tenant.defaultLocale, key, {}, tenant.texts);
    if (level === 1) {
      stamp(em, fresh, { kind: 'system' }, 'escalated', { note: t('tasks.escalated_again') });
      await em.flush();
      await this.alerts?.emit({ tenantId: tenant.id, taskId: task.id, level, allRefused });
      await notifyTask(this.services, tenant, task.id, { kind: 'system' }, { again: true });
      return;
    }
    const group = fresh.escalationGroupId;
    if (group && !(await em.findOne(TaskTarget, { task: task.id, group }))) em.create(TaskTarget, { tenant: tenant.id, task: fresh, group });
    stamp(em, fresh, { kind: 'system' }, 'escalated', { note: t(group ? 'tasks.escalated_group' : 'tasks.escalated_manager') + (allRefused ? ` ${t('tasks.escalated_all_refused')}` : '') });
    await em.flush();
    // The manager's alert: live in the admin UI (the alert stream), the timeline entry, the `escalated`
    // list filter and this log line.
    this.services.log.warn({ module: 'tasks', tenant: tenant.slug, task: task.id, level, allRefused }, 'task not taken in time: escalated, manager alerted');
    await this.alerts?.emit({ tenantId: tenant.id, taskId: task.id, level, allRefused });
    if (group) await notifyTask(this.services, tenant, task.id, { kind: 'system' });
  }

  private async remind(tenant: TenantInfo, now: Date): Promise<number> {
    const em = this.services.tenants.scopedEm(tenant.id);
    const horizon = new Date(now.getTime() + this.options.remindBeforeMs);
    const candidates = await em.find(Task, { state: { $in: [...OPEN_STATES] }, reminderSentAt: null, dueAt: { $ne: null, $lte: horizon } });
    let count = 0;
    for (const task of candidates) {
      const claimed = await em.createQueryBuilder(Task).update({ reminderSentAt: now }).where({ id: task.id, reminderSentAt: null }).execute('run');
      if (claimed.affectedRows !== 1) continue;
      count += 1;
      const identities = task.assignee
        ? (await em.find(StaffLink, { member: task.assignee.id })).map((l) => l.identity.id)
        : (await em.find(TaskNotification, { task: task.id, refusedAt: null })).map((n) => n.identity.id);
      const text = this.services.translator.text(tenant.defaultLocale, 'tasks.reminder', {
        title: task.title, due: (task.dueAt as Date).toLocaleString(tenant.defaultLocale, { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' }),
      }, tenant.texts);
      const fresh = await em.findOneOrFail(Task, { id: task.id });
      stamp(em, fresh, { kind: 'system' }, 'reminder');
      await em.flush();
      for (const identity of identities) await this.services.messenger.send(tenant, identity, { text, choices: [{ label: this.services.translator.t(tenant.defaultLocale, 'tasks.menu_mine', {}, tenant.texts), payload: 'tasks:mine' }] }, task.priority === 'urgent' ? { priority: 'urgent' } : {});
    }
    return count;
  }
}
