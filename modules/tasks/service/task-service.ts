/**
 * Tasks in the admin API: create (one transaction: the task, its groups, its first stamp), list with
 * filters, detail with the timeline, cancel.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { AdminRequest, ModuleServices } from '../../../core/internal.js';
import { StaffGroup, StaffMember } from '../../staff/index.js';
import { OPEN_STATES, Task, TaskEvent, TaskTarget, type TaskPriority, type TaskState } from '../entities/index.js';
import { dueWindow } from './due-range.js';
import { notifyTask } from './notify-task.js';
import { recipientsOf } from './recipients.js';
import { TaskError } from './task-error.js';
import { stamp } from './timeline.js';

/** Shown for an erased member in a timeline. */
export const EX_MEMBER = 'ex membro';

export interface TaskInput {
  title: string;
  description?: string;
  priority?: TaskPriority;
  latitude?: number | null;
  longitude?: number | null;
  address?: string | null;
  dueAt?: string | null;
  attachments?: string[];
  groupIds: number[];
  escalationGroupId?: number | null;
}

export interface TaskDto {
  id: number;
  title: string;
  description: string;
  priority: string;
  state: string;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  dueAt: string | null;
  attachments: string[];
  groupIds: number[];
  assignee: { id: number; name: string } | null;
  etaMinutes: number | null;
  escalationGroupId: number | null;
  escalationLevel: number;
  createdBy: string;
  createdAt: string;
  closedAt: string | null;
}

export interface TimelineEntry {
  kind: string;
  fromState: string | null;
  toState: string | null;
  actor: string;
  at: string;
  note: string | null;
  latitude: number | null;
  longitude: number | null;
  mediaId: string | null;
  mediaKind: string | null;
}

type Req = Pick<AdminRequest, 'em' | 'tenant' | 'user'>;

export async function createTask(services: ModuleServices, req: Req, input: TaskInput): Promise<{ task: TaskDto; notified: number; warning: string | null }> {
  const groupIds = [...new Set(input.groupIds)];
  if (groupIds.length === 0) throw new TaskError(400, 'TASK_INVALID', 'A task needs at least one target group (groupIds): list groups with GET /staff/groups.');
  if ((input.latitude == null) !== (input.longitude == null)) throw new TaskError(400, 'TASK_INVALID', 'Give both latitude and longitude, or neither.');
  const groups = await req.em.find(StaffGroup, { id: { $in: groupIds } });
  const missing = groupIds.filter((id) => !groups.some((g) => g.id === id));
  if (missing.length) throw new TaskError(400, 'TASK_INVALID', `Unknown group id(s) ${missing.join(', ')}: list groups with GET /staff/groups.`);
  if (input.escalationGroupId != null && !(await req.em.findOne(StaffGroup, { id: input.escalationGroupId }))) {
    throw new TaskError(400, 'TASK_INVALID', `Unknown escalation group ${input.escalationGroupId}: list groups with GET /staff/groups.`);
  }
  const attachments = [...new Set(input.attachments ?? [])];
  for (const id of attachments) {
    if (!(await services.media.get(req.tenant.id, id))) throw new TaskError(400, 'TASK_INVALID', `Attachment ${id} was not uploaded for this comune: upload it with POST /media first.`);
  }
  const id = await req.em.transactional(async (tx) => {
    const task = tx.create(Task, {
      tenant: req.tenant.id, title: input.title.trim(), description: input.description?.trim() ?? '', priority: input.priority ?? 'normal', state: 'nuovo',
      latitude: input.latitude ?? null, longitude: input.longitude ?? null, address: input.address?.trim() || null,
      dueAt: input.dueAt ? new Date(input.dueAt) : null, attachments, createdBy: req.user.email, escalationGroupId: input.escalationGroupId ?? null,
    });
    for (const group of groups) tx.create(TaskTarget, { tenant: req.tenant.id, task, group });
    stamp(tx, task, { kind: 'manager', email: req.user.email, userId: req.user.id }, 'state', { to: 'nuovo' });
    await tx.flush();
    return task.id;
  });
  const hasRecipients = (await recipientsOf(req.em, groupIds)).length > 0;
  const notified = hasRecipients ? await notifyTask(services, req.tenant, id, { kind: 'manager', email: req.user.email, userId: req.user.id }) : 0;
  req.em.clear();
  return { task: await taskDto(req.em, id), notified, warning: notified === 0 ? 'no-linked-members: nobody in the target groups has linked a chat yet; the task waits in "nuovo" (invite the members from the staff registry).' : null };
}

/** The list filters (GET /tasks); `dueFrom`/`dueTo` are days in `timeZone` (the comune's). */
export interface TaskQuery {
  state?: TaskState;
  open?: boolean;
  groupId?: number;
  priority?: TaskPriority;
  assigneeId?: number;
  escalated?: boolean;
  dueFrom?: string;
  dueTo?: string;
}

export async function listTasks(em: SqlEntityManager, query: TaskQuery, timeZone: string): Promise<TaskDto[]> {
  const where: Record<string, unknown> = {};
  const due = dueWindow(query, timeZone);
  if (due) where.dueAt = due;
  if (query.escalated) where.escalationLevel = { $gt: 0 };
  if (query.state) where.state = query.state;
  else if (query.open) where.state = { $in: [...OPEN_STATES] };
  if (query.priority) where.priority = query.priority;
  if (query.assigneeId) where.assignee = query.assigneeId;
  let tasks = await em.find(Task, where, { orderBy: { id: 'desc' }, populate: ['assignee'] });
  if (query.groupId) {
    const ids = new Set((await em.find(TaskTarget, { group: query.groupId })).map((t) => t.task.id));
    tasks = tasks.filter((t) => ids.has(t.id));
  }
  return Promise.all(tasks.map((t) => toDto(em, t)));
}

export async function findTask(em: SqlEntityManager, id: number): Promise<Task> {
  const task = await em.findOne(Task, { id }, { populate: ['assignee'] });
  if (!task) throw new TaskError(404, 'TASK_NOT_FOUND', `Task ${id} does not exist in this comune: list tasks with GET /tasks/tasks.`);
  return task;
}

export async function taskDto(em: SqlEntityManager, id: number): Promise<TaskDto> {
  return toDto(em, await findTask(em, id));
}

export async function taskDetail(em: SqlEntityManager, id: number): Promise<TaskDto & { timeline: TimelineEntry[] }> {
  const dto = await taskDto(em, id);
  const events = await em.find(TaskEvent, { task: id }, { orderBy: { at: 'asc', id: 'asc' }, populate: ['member'] });
  return {
    ...dto,
    timeline: events.map((e) => ({
      kind: e.kind, fromState: e.fromState ?? null, toState: e.toState ?? null,
      actor: e.actor === 'staff' ? (e.member ? (e.member as StaffMember).name : EX_MEMBER) : e.actor,
      at: e.at.toISOString(), note: e.note ?? null, latitude: num(e.latitude), longitude: num(e.longitude), mediaId: e.mediaId ?? null, mediaKind: e.mediaKind ?? null,
    })),
  };
}

export async function cancelTask(req: Req, id: number, note?: string): Promise<TaskDto> {
  await req.em.transactional(async (tx) => {
    const task = await findTask(tx, id);
    if (!OPEN_STATES.includes(task.state as TaskState)) throw new TaskError(409, 'TASK_CLOSED', `Task ${id} is already ${task.state}.`);
    stamp(tx, task, { kind: 'manager', email: req.user.email, userId: req.user.id }, 'state', { from: task.state as TaskState, to: 'annullato', note: note ?? null });
    Object.assign(task, { state: 'annullato', closedAt: new Date() });
  });
  req.em.clear();
  return taskDto(req.em, id);
}

async function toDto(em: SqlEntityManager, task: Task): Promise<TaskDto> {
  const groupIds = (await em.find(TaskTarget, { task: task.id })).map((t) => t.group.id);
  const assignee = task.assignee ? await em.findOne(StaffMember, { id: task.assignee.id }) : null;
  return {
    id: task.id, title: task.title, description: task.description, priority: task.priority, state: task.state,
    latitude: num(task.latitude), longitude: num(task.longitude), address: task.address ?? null, dueAt: task.dueAt?.toISOString() ?? null,
    attachments: task.attachments, groupIds, assignee: assignee ? { id: assignee.id, name: assignee.name } : null, etaMinutes: task.etaMinutes ?? null, escalationGroupId: task.escalationGroupId ?? null, escalationLevel: task.escalationLevel,
    createdBy: task.createdBy, createdAt: task.createdAt.toISOString(), closedAt: task.closedAt?.toISOString() ?? null,
  };
}

// MikroORM types a double as `number | string` (PostgreSQL may hand it back as a string).
function num(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
