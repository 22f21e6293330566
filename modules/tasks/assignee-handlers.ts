/**
 * The staff side of tasks in the chat: take (with ETA) or refuse (with a reason) a notified task, "I
 * miei compiti", in corso, send material, done with a note or not completable with a reason. Every
 * handler first checks `ctx.staff`: for a citizen a task payload passes on (`next()`), so they get the
 * ordinary "non ho capito", and a task command gets the unknown-command answer.
 */
import type { ModuleApi, TurnContext } from '../../core/internal.js';
import { unknownCommand, type StaffFlavor, type StaffMember } from '../staff/index.js';
import { OPEN_STATES, Task, TaskNotification, type TaskState } from './entities/index.js';
import { attachMaterial } from './service/material.js';
import { takeTask, tellOthers } from './service/take-task.js';
import { stamp } from './service/timeline.js';

type Ctx = TurnContext & StaffFlavor;
const ETAS = [15, 30, 60] as const;

function idOf(payload: string, index: number): number | null {
  const value = Number(payload.split(':')[index]);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

export function registerAssignee(api: ModuleApi<Ctx>): void {
  const services = api.services;
  const notFound = (ctx: Ctx) => ctx.reply({ text: ctx.text('tasks.not_found') });

  /** A task of this comune the member was notified of (or is assigned). */
  const notifiedTask = async (ctx: Ctx, member: StaffMember, id: number | null): Promise<Task | null> => {
    if (id === null) return null;
    const task = await ctx.em.findOne(Task, { id });
    if (!task) return null;
    if (task.assignee?.id === member.id) return task;
    return (await ctx.em.findOne(TaskNotification, { task: id, member: member.id })) ? task : null;
  };

  const take = async (ctx: Ctx, member: StaffMember, id: number, eta: number): Promise<void> => {
    const outcome = await takeTask(services, ctx.tenant, id, member.id, eta);
    if (outcome.kind === 'taken') {
      ctx.moduleData('tasks').current = id;
      ctx.reply({ text: ctx.text('tasks.taken_yours', { title: outcome.task.title, eta: String(eta) }), choices: actions(ctx, id) });
      await tellOthers(services, ctx.tenant, outcome.task, member.id, member.name);
    } else if (outcome.kind === 'already') ctx.reply({ text: outcome.by ? ctx.text('tasks.already_taken', { name: outcome.by }) : ctx.text('tasks.already_yours') });
    else if (outcome.kind === 'closed') ctx.reply({ text: ctx.text('tasks.closed') });
    else notFound(ctx);
  };

  const etaDialog = api.dialog<{ taskId: number }>({
    id: 'tasks.eta',
    steps: {
      minutes: async (ctx, next) => {
        if (ctx.message.kind !== 'text' || !ctx.staff) return next();
        const minutes = Number(ctx.message.text.trim());
        if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) return ctx.reply({ text: ctx.text('tasks.eta_invalid') });
        const taskId = ctx.dialog.active?.data.taskId as number;
        ctx.dialog.end();
        await take(ctx, ctx.staff, taskId, minutes);
      },
    },
  });
  const noteDialog = api.dialog<{ taskId: number; to: 'refused' | 'completato' | 'non_completabile' }>({
    id: 'tasks.note',
    steps: {
      note: async (ctx, next) => {
        if (ctx.message.kind !== 'text' || !ctx.staff) return next();
        const data = ctx.dialog.active?.data;
        ctx.dialog.end();
        const task = data ? await notifiedTask(ctx, ctx.staff, data.taskId) : null;
        if (!task || !data) return notFound(ctx);
        const note = ctx.message.text.trim().slice(0, 2000);
        if (data.to === 'refused') {
          stamp(ctx.em, task, { kind: 'member', member: ctx.staff }, 'refused', { note });
          const notification = await ctx.em.findOne(TaskNotification, { task: task.id, member: ctx.staff.id });
          if (notification) notification.refusedAt = new Date();
          return ctx.reply({ text: ctx.text('tasks.refused_ok') });
        }
        if (task.assignee?.id !== ctx.staff.id || !OPEN_STATES.includes(task.state as TaskState)) return ctx.reply({ text: ctx.text('tasks.closed') });
        stamp(ctx.em, task, { kind: 'member', member: ctx.staff }, 'state', { from: task.state as TaskState, to: data.to, note });
        Object.assign(task, { state: data.to, closedAt: new Date() });
        ctx.moduleData('tasks').current = undefined;
        ctx.reply({ text: ctx.text(data.to === 'completato' ? 'tasks.done_ok' : 'tasks.failed_ok', { title: task.title }) });
      },
    },
  });

  api.button('tasks:take', async (ctx, next) => {
    if (!ctx.staff) return next();
    const task = await notifiedTask(ctx, ctx.staff, idOf(ctx.message.payload, 2));
    if (!task) return notFound(ctx);
    ctx.reply({
      text: ctx.text('tasks.eta_question'),
      choices: [...ETAS.map((m) => ({ label: ctx.t('tasks.eta_minutes', { minutes: String(m) }), payload: `tasks:eta:${task.id}:${m}` })), { label: ctx.t('tasks.eta_other'), payload: `tasks:eta:${task.id}:other` }],
    });
  });
  api.button('tasks:eta', async (ctx, next) => {
    if (!ctx.staff) return next();
    const task = await notifiedTask(ctx, ctx.staff, idOf(ctx.message.payload, 2));
    if (!task) return notFound(ctx);
    const choice = ctx.message.payload.split(':')[3];
    if (choice === 'other') {
      etaDialog.enter(ctx, 'minutes', { taskId: task.id });
      return ctx.reply({ text: ctx.text('tasks.eta_ask') });
    }
    const eta = Number(choice);
    if (!ETAS.includes(eta as (typeof ETAS)[number])) return notFound(ctx);
    await take(ctx, ctx.staff, task.id, eta);
  });
  api.button('tasks:refuse', async (ctx, next) => {
    if (!ctx.staff) return next();
    const task = await notifiedTask(ctx, ctx.staff, idOf(ctx.message.payload, 2));
    if (!task) return notFound(ctx);
    noteDialog.enter(ctx, 'note', { taskId: task.id, to: 'refused' });
    ctx.reply({ text: ctx.text('tasks.refuse_ask') });
  });

  const mine = async (ctx: Ctx, member: StaffMember) => {
    const tasks = await ctx.em.find(Task, { assignee: member.id, state: { $in: [...OPEN_STATES] } }, { orderBy: { id: 'asc' } });
    if (tasks.length === 0) return ctx.reply({ text: ctx.text('tasks.mine_none') });
    ctx.reply({ text: ctx.text('tasks.mine_list', { count: String(tasks.length) }), choices: tasks.map((t) => ({ label: t.title.slice(0, 60), payload: `tasks:open:${t.id}` })) });
  };
  api.command(['compiti'], async (ctx) => (ctx.staff ? mine(ctx, ctx.staff) : unknownCommand(ctx)), { hidden: true });
  api.button('tasks:mine', async (ctx, next) => (ctx.staff ? mine(ctx, ctx.staff) : next()));
  api.menu({ id: 'tasks.mine', labelKey: 'tasks.menu_mine', payload: 'tasks:mine', order: 10, visible: (ctx) => ctx.staff !== null });

  /** A task assigned to this member and still open, or null. */
  const ownOpen = async (ctx: Ctx, member: StaffMember, payload: string): Promise<Task | null> => {
    const id = idOf(payload, 2);
    const task = id ? await ctx.em.findOne(Task, { id, assignee: member.id }) : null;
    return task && OPEN_STATES.includes(task.state as TaskState) ? task : null;
  };
  api.button('tasks:open', async (ctx, next) => {
    if (!ctx.staff) return next();
    const task = await ownOpen(ctx, ctx.staff, ctx.message.payload);
    if (!task) return notFound(ctx);
    ctx.moduleData('tasks').current = task.id;
    ctx.reply({ text: ctx.text('tasks.current', { title: task.title }), choices: actions(ctx, task.id) });
  });
  api.button('tasks:start', async (ctx, next) => {
    if (!ctx.staff) return next();
    const task = await ownOpen(ctx, ctx.staff, ctx.message.payload);
    if (!task) return notFound(ctx);
    if (task.state !== 'in_corso') {
      stamp(ctx.em, task, { kind: 'member', member: ctx.staff }, 'state', { from: task.state as TaskState, to: 'in_corso' });
      task.state = 'in_corso';
    }
    ctx.moduleData('tasks').current = task.id;
    ctx.reply({ text: ctx.text('tasks.started', { title: task.title }), choices: actions(ctx, task.id) });
  });
  for (const [prefix, to, ask] of [['tasks:done', 'completato', 'tasks.done_ask'], ['tasks:fail', 'non_completabile', 'tasks.fail_ask']] as const) {
    api.button(prefix, async (ctx, next) => {
      if (!ctx.staff) return next();
      const task = await ownOpen(ctx, ctx.staff, ctx.message.payload);
      if (!task) return notFound(ctx);
      noteDialog.enter(ctx, 'note', { taskId: task.id, to });
      ctx.reply({ text: ctx.text(ask) });
    });
  }

  // Material: photos, audio, video, files and positions a member sends while a task of theirs is current.
  api.use(async (ctx, next) => {
    if (!ctx.staff || (ctx.message.kind !== 'media' && ctx.message.kind !== 'location')) return next();
    const current = ctx.moduleData('tasks').current;
    const task = typeof current === 'number' ? await ctx.em.findOne(Task, { id: current, assignee: ctx.staff.id }) : null;
    if (!task || !OPEN_STATES.includes(task.state as TaskState)) return next();
    const outcome = await attachMaterial(services, ctx, task, ctx.staff);
    const text = { attached: 'tasks.material_ok', 'too-big': 'tasks.material_too_big', refused: 'tasks.material_refused' }[outcome];
    ctx.reply({ text: ctx.text(text, { title: task.title }), choices: actions(ctx, task.id) });
  });
}

function actions(ctx: Ctx, id: number) {
  return [
    { label: ctx.t('tasks.button_start'), payload: `tasks:start:${id}` },
    { label: ctx.t('tasks.button_done'), payload: `tasks:done:${id}` },
    { label: ctx.t('tasks.button_fail'), payload: `tasks:fail:${id}` },
  ];
}
