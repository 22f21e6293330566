import type { SqlEntityManager } from '@mikro-orm/knex';
import { AuditEntry } from '../../../core/internal.js';
import { TaskEvent, type Task, type TaskEventKind, type TaskState } from '../entities/index.js';
import type { StaffMember } from '../../staff/index.js';

/** Who acted: a member in the chat, or a manager in the admin API. */
export type TaskActor = { kind: 'member'; member: StaffMember } | { kind: 'manager'; email: string; userId: number } | { kind: 'system' };

/** The actor of what the escalation service does. */
export const SYSTEM_ACTOR = 'sistema';

/**
 * Stamps one step of a task (who, when, where) in `em`'s unit of work, with its audit entry, so
 * the step and its audit commit together.
 */
export function stamp(
  em: SqlEntityManager, task: Task, actor: TaskActor, kind: TaskEventKind,
  fields: { from?: TaskState; to?: TaskState; note?: string | null; latitude?: number | null; longitude?: number | null; mediaId?: string | null; mediaKind?: string | null } = {},
  at = new Date(),
): void {
  em.create(TaskEvent, {
    tenant: task.tenant, task, kind, fromState: fields.from ?? null, toState: fields.to ?? null,
    member: actor.kind === 'member' ? actor.member : null, actor: actor.kind === 'member' ? 'staff' : actor.kind === 'manager' ? actor.email : SYSTEM_ACTOR,
    note: fields.note ?? null, latitude: fields.latitude ?? null, longitude: fields.longitude ?? null,
    mediaId: fields.mediaId ?? null, mediaKind: fields.mediaKind ?? null, at,
  });
  em.create(AuditEntry, {
    tenantId: task.tenant.id, userId: actor.kind === 'manager' ? actor.userId : null,
    userEmail: actor.kind === 'member' ? `staff-member:${actor.member.id}` : actor.kind === 'manager' ? actor.email : SYSTEM_ACTOR,
    action: (fields.to ?? kind).slice(0, 32), target: 'task', targetId: String(task.id),
    method: actor.kind === 'member' ? 'CHAT' : actor.kind === 'manager' ? 'API' : 'JOB', path: `tasks/${task.id}`, status: 200, ip: null, createdAt: at,
  });
}
