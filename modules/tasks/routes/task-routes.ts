/** Admin routes of tasks, mounted under /api/v1/tenants/:tenant/tasks (writes audited by the admin API). */
import { defineAdminRoute, heldFileReply, serviceReplyFor, type AdminRoute, type HttpRoute, type ModuleServices } from '../../../core/internal.js';
import { calendarOf, createFeed, FEED_PREFIX, listFeeds, openTasksGeoJson, revokeFeed } from '../service/feeds.js';
import { TASKS_READ, TASKS_WRITE } from '../permissions.js';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, uploadAttachment } from '../service/attachments.js';
import { TaskError } from '../service/task-error.js';
import { cancelTask, createTask, listTasks, taskDetail } from '../service/task-service.js';
import { Task, TaskEvent } from '../entities/index.js';
import * as s from './schemas.js';

const taskReply = serviceReplyFor(TaskError);

export function taskRoutes(services: ModuleServices): AdminRoute[] {
  return [
    defineAdminRoute({
      method: 'POST', path: '/tasks', summary: 'Create a task and send it to its groups (urgent tasks overtake routine notices)', permission: TASKS_WRITE,
      schema: { body: s.taskInputSchema, response: { 201: s.createdTaskSchema, 400: s.errorSchema } },
      handler: (req) => taskReply(201, () => createTask(services, req, req.body)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/attachments',
      summary: 'Upload an attachment for a new task: an image (JPEG, PNG, WebP ≤ 10 MB) or a PDF (≤ 20 MB), multipart/form-data, part "file"',
      permission: TASKS_WRITE,
      upload: { types: ATTACHMENT_TYPES, maxBytes: ATTACHMENT_MAX_BYTES },
      schema: { response: { 201: s.attachmentSchema, 400: s.errorSchema, 413: s.errorSchema, 415: s.errorSchema } },
      handler: (req) => taskReply(201, () => uploadAttachment(services, req.tenant, req.readFile)),
    }),
    defineAdminRoute({
      method: 'GET', path: '/tasks', summary: 'List tasks (filters: state, open, group, priority, assignee, due-date range for a calendar)', permission: TASKS_READ,
      schema: { querystring: s.taskQuerySchema, response: { 200: s.taskListSchema, 400: s.errorSchema } },
      handler: (req) => taskReply(200, async () => ({ items: await listTasks(req.em, req.query, req.tenant.timezone) })),
    }),
    defineAdminRoute({
      method: 'GET', path: '/tasks/:id', summary: 'A task with its timeline and material', permission: TASKS_READ,
      schema: { params: s.idParams, response: { 200: s.taskDetailSchema, 404: s.errorSchema } },
      handler: (req) => taskReply(200, () => taskDetail(req.em, req.params.id)),
    }),
    defineAdminRoute({
      method: 'GET', path: '/tasks/:id/media/:mediaId', summary: "A task's attachment or material a member sent (bytes)", permission: TASKS_READ,
      schema: { params: s.mediaParams, response: { 200: s.fileSchema, 404: s.errorSchema } },
      handler: async (req) => {
        // Only a file this task holds: an attachment of the manager or material in its timeline.
        const task = await req.em.findOne(Task, { id: req.params.id });
        const held = task !== null && (task.attachments.includes(req.params.mediaId)
          || (await req.em.count(TaskEvent, { task: task.id, mediaId: req.params.mediaId })) > 0);
        const source = held ? await services.media.source(req.tenant.id, req.params.mediaId) : null;
        return heldFileReply(source, { code: 'TASK_MEDIA_NOT_FOUND', message: `Task ${req.params.id} has no file ${req.params.mediaId} (retention may have removed it).` });
      },
    }),
    defineAdminRoute({
      method: 'POST', path: '/tasks/:id/cancel', summary: 'Cancel an open task', permission: TASKS_WRITE,
      schema: { params: s.idParams, body: s.cancelSchema, response: { 200: s.taskSchema, 404: s.errorSchema, 409: s.errorSchema } },
      handler: (req) => taskReply(200, () => cancelTask(req, req.params.id, req.body.note)),
    }),
    defineAdminRoute({
      method: 'GET', path: '/geojson', summary: 'Open tasks with a position, as GeoJSON (RFC 7946)', permission: TASKS_READ,
      schema: { response: { 200: s.geoJsonSchema } },
      handler: (req) => taskReply(200, () => openTasksGeoJson(req.em)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/feeds', summary: 'Create a secret iCal feed URL for the comune or one group', permission: TASKS_WRITE,
      schema: { body: s.feedInputSchema, response: { 201: s.createdFeedSchema, 400: s.errorSchema } },
      handler: (req) => taskReply(201, () => createFeed(req.em, req.tenant, req.body.groupId ?? null)),
    }),
    defineAdminRoute({
      method: 'GET', path: '/feeds', summary: 'List iCal feeds', permission: TASKS_READ,
      schema: { response: { 200: s.feedListSchema } },
      handler: (req) => taskReply(200, async () => ({ items: await listFeeds(req.em) })),
    }),
    defineAdminRoute({
      method: 'POST', path: '/feeds/:id/revoke', summary: 'Revoke an iCal feed URL (it answers 404 at once)', permission: TASKS_WRITE,
      schema: { params: s.idParams, response: { 200: s.feedSchema, 404: s.errorSchema } },
      handler: (req) => taskReply(200, () => revokeFeed(req.em, req.params.id)),
    }),
  ];
}

const NO_FEED = 'No such feed: it may have been revoked; ask for a new link.';
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The iCal feed itself, a public route (`api.publicRoute`, as Open311): no session (calendar apps
 * cannot sign in), the secret token in the path; unknown comune, module off, wrong or revoked token: 404.
 */
export function calendarFeedRoute(services: ModuleServices): HttpRoute {
  const notFound = { response: { status: 404, body: NO_FEED, headers: { 'content-type': 'text/plain; charset=utf-8' } }, events: [] };
  return {
    method: 'GET', path: `${FEED_PREFIX}/:comune/:token/calendar.ics`,
    async handle(request) {
      const { comune = '', token = '' } = request.params;
      const tenant = TOKEN.test(token) ? await services.tenants.bySlug(comune) : null;
      if (!tenant || !tenant.enabledModules.includes('tasks')) return notFound;
      const body = await calendarOf(services.tenants.scopedEm(tenant.id), tenant, token);
      return body === null ? notFound : { response: { status: 200, body, headers: { 'content-type': 'text/calendar; charset=utf-8' } }, events: [] };
    },
  };
}
