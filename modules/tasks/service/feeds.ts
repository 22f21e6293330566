/**
 * The calendar feeds (iCal, per comune or per group, behind a revocable secret URL) and the GeoJSON
 * of open tasks.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { TenantInfo } from '../../../core/internal.js';
import { StaffGroup } from '../../staff/index.js';
import { OPEN_STATES, Task, TaskFeed, TaskTarget } from '../entities/index.js';
import { writeCalendar, type CalendarEvent } from './icalendar.js';
import { TaskError } from './task-error.js';

/** How long a task lasts in a calendar (it has a due time, not a duration). */
export const EVENT_MINUTES = 30;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface FeedDto {
  id: number;
  groupId: number | null;
  createdAt: string;
  revoked: boolean;
}

/** Where the public feed route (`calendarFeedRoute`) serves feeds: `<prefix>/<comune>/<token>/calendar.ics`. */
export const FEED_PREFIX = '/feeds/tasks';

export async function createFeed(em: SqlEntityManager, tenant: TenantInfo, groupId: number | null): Promise<FeedDto & { url: string }> {
  if (groupId !== null && !(await em.findOne(StaffGroup, { id: groupId }))) throw new TaskError(400, 'TASK_INVALID', `Unknown group ${groupId}: list groups with GET /staff/groups.`);
  const token = randomBytes(24).toString('base64url');
  const feed = em.create(TaskFeed, { tenant: tenant.id, group: groupId, tokenHash: hash(token) });
  await em.flush();
  return { ...toDto(feed), url: `${FEED_PREFIX}/${tenant.slug}/${token}/calendar.ics` };
}

export async function listFeeds(em: SqlEntityManager): Promise<FeedDto[]> {
  return (await em.find(TaskFeed, {}, { orderBy: { id: 'asc' } })).map(toDto);
}

export async function revokeFeed(em: SqlEntityManager, id: number): Promise<FeedDto> {
  const feed = await em.findOne(TaskFeed, { id });
  if (!feed) throw new TaskError(404, 'TASK_NOT_FOUND', `Feed ${id} does not exist: list feeds with GET /tasks/feeds.`);
  feed.revokedAt ??= new Date();
  await em.flush();
  return toDto(feed);
}

/** The feed's calendar, or null for an unknown or revoked token. */
export async function calendarOf(em: SqlEntityManager, tenant: TenantInfo, token: string, now = new Date()): Promise<string | null> {
  const feed = await em.findOne(TaskFeed, { tokenHash: hash(token), revokedAt: null }, { populate: ['group'] });
  if (!feed) return null;
  let tasks = await em.find(Task, { dueAt: { $ne: null } }, { orderBy: { dueAt: 'asc' } });
  if (feed.group) {
    const ids = new Set((await em.find(TaskTarget, { group: feed.group.id })).map((t) => t.task.id));
    tasks = tasks.filter((t) => ids.has(t.id));
  }
  const host = `${tenant.slug}.campanile`;
  const events: CalendarEvent[] = tasks.map((task) => ({
    uid: `task-${task.id}@${host}`,
    start: task.dueAt as Date,
    durationMinutes: EVENT_MINUTES,
    summary: task.priority === 'urgent' ? `[URGENTE] ${task.title}` : task.title,
    ...(task.description ? { description: task.description } : {}),
    ...(task.address ? { location: task.address } : {}),
    ...(task.latitude != null && task.longitude != null ? { geo: { latitude: Number(task.latitude), longitude: Number(task.longitude) } } : {}),
    priority: task.priority === 'urgent' ? 1 : 5,
    status: task.state === 'annullato' ? 'CANCELLED' : 'CONFIRMED',
    categories: [task.state],
    lastModified: task.updatedAt,
  }));
  const name = `${tenant.name}${feed.group ? ` – ${feed.group.name}` : ''}`;
  return writeCalendar({ name, prodId: '-//Campanile//Compiti//IT' }, events, now);
}

export interface GeoFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { title: string; state: string; priority: string; address: string | null; dueAt: string | null };
}

/** Open tasks with a position as a GeoJSON FeatureCollection (RFC 7946: longitude first). */
export async function openTasksGeoJson(em: SqlEntityManager): Promise<{ type: 'FeatureCollection'; features: GeoFeature[] }> {
  const tasks = await em.find(Task, { state: { $in: [...OPEN_STATES] }, latitude: { $ne: null }, longitude: { $ne: null } }, { orderBy: { id: 'asc' } });
  return {
    type: 'FeatureCollection',
    features: tasks.map((t) => ({
      type: 'Feature', id: t.id,
      geometry: { type: 'Point', coordinates: [Number(t.longitude), Number(t.latitude)] },
      properties: { title: t.title, state: t.state, priority: t.priority, address: t.address ?? null, dueAt: t.dueAt?.toISOString() ?? null },
    })),
  };
}

function toDto(feed: TaskFeed): FeedDto {
  return { id: feed.id, groupId: feed.group?.id ?? null, createdAt: feed.createdAt.toISOString(), revoked: Boolean(feed.revokedAt) };
}
