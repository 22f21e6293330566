/** Schemas (TypeBox) of the tasks admin routes: validation, serialisation, OpenAPI and handler types. */
import { Type } from '@sinclair/typebox';
import { Nullable, StringEnum } from '../../../core/internal.js';
import { TASK_PRIORITIES, TASK_STATES } from '../entities/index.js';

const closed = { additionalProperties: false } as const;
const id = Type.Integer({ minimum: 1 });
const dateTime = Type.String({ format: 'date-time' });

export const errorSchema = Type.Object({ code: Type.String(), message: Type.String() }, closed);
export const idParams = Type.Object({ id }, closed);
export const mediaParams = Type.Object({ id, mediaId: Type.String({ pattern: '^[A-Za-z0-9_-]{8,128}$' }) }, closed);
/** A streamed file (media bytes): documented as a string. */
export const fileSchema = Type.String({ description: 'The file, streamed.' });

export const taskInputSchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  priority: Type.Optional(StringEnum(TASK_PRIORITIES)),
  latitude: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  longitude: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  dueAt: Type.Optional(Nullable(dateTime)),
  attachments: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 10, description: 'Media ids from POST /tasks/attachments (or POST /media).' })),
  groupIds: Type.Array(id, { maxItems: 20, description: 'At least one target group.' }),
  escalationGroupId: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'Notified when nobody takes the task in time (after one re-notification).' }))),
}, closed);

export const attachmentSchema = Type.Object({
  id: Type.String({ description: 'Give it in `attachments` when creating the task.' }), mimeType: Type.String(), size: Type.Integer(), fileName: Type.String(),
}, closed);

export const taskSchema = Type.Object({
  id, title: Type.String(), description: Type.String(), priority: StringEnum(TASK_PRIORITIES), state: StringEnum(TASK_STATES),
  latitude: Nullable(Type.Number()), longitude: Nullable(Type.Number()), address: Nullable(Type.String()), dueAt: Nullable(dateTime),
  attachments: Type.Array(Type.String()), groupIds: Type.Array(id),
  assignee: Nullable(Type.Object({ id, name: Type.String() }, closed)), etaMinutes: Nullable(Type.Integer()), escalationGroupId: Nullable(id), escalationLevel: Type.Integer({ description: '0 none, 1 re-notified, 2 escalated to the escalation group / manager alerted.' }),
  createdBy: Type.String(), createdAt: dateTime, closedAt: Nullable(dateTime),
}, closed);

export const createdTaskSchema = Type.Object({
  task: taskSchema,
  notified: Type.Integer({ description: 'Chats the task was sent to.' }),
  warning: Nullable(Type.String({ description: 'Set when nobody could be notified (no linked members in the groups).' })),
}, closed);

export const taskListSchema = Type.Object({ items: Type.Array(taskSchema) }, closed);
export const taskQuerySchema = Type.Object({
  state: Type.Optional(StringEnum(TASK_STATES)), open: Type.Optional(Type.Boolean()), groupId: Type.Optional(id),
  priority: Type.Optional(StringEnum(TASK_PRIORITIES)), assigneeId: Type.Optional(id),
  escalated: Type.Optional(Type.Boolean({ description: 'Only tasks nobody took in time (the manager\'s alert list).' })),
  dueFrom: Type.Optional(Type.String({ format: 'date', description: 'Due on or after this day (YYYY-MM-DD, in the comune\'s timezone): the first day a calendar shows. Tasks without a due date are left out.' })),
  dueTo: Type.Optional(Type.String({ format: 'date', description: 'Due on or before this day (YYYY-MM-DD, in the comune\'s timezone), not before dueFrom: the last day a calendar shows.' })),
}, closed);

const timelineEntry = Type.Object({
  kind: Type.String(), fromState: Nullable(Type.String()), toState: Nullable(Type.String()), actor: Type.String({ description: 'Member name, "ex membro", or the manager\'s e-mail.' }),
  at: dateTime, note: Nullable(Type.String()), latitude: Nullable(Type.Number()), longitude: Nullable(Type.Number()),
  mediaId: Nullable(Type.String()), mediaKind: Nullable(Type.String()),
}, closed);
export const taskDetailSchema = Type.Composite([taskSchema, Type.Object({ timeline: Type.Array(timelineEntry) })], closed);
export const cancelSchema = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, closed);

export const feedInputSchema = Type.Object({ groupId: Type.Optional(Nullable(id)) }, closed);
export const feedSchema = Type.Object({ id, groupId: Nullable(id), createdAt: dateTime, revoked: Type.Boolean() }, closed);
export const createdFeedSchema = Type.Composite([feedSchema, Type.Object({ url: Type.String({ description: 'The secret calendar URL (shown once): subscribe to it from a calendar app.' }) })], closed);
export const feedListSchema = Type.Object({ items: Type.Array(feedSchema) }, closed);
export const geoJsonSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(Type.Object({
    type: Type.Literal('Feature'), id,
    geometry: Type.Object({ type: Type.Literal('Point'), coordinates: Type.Tuple([Type.Number(), Type.Number()]) }, closed),
    properties: Type.Object({ title: Type.String(), state: Type.String(), priority: Type.String(), address: Nullable(Type.String()), dueAt: Nullable(dateTime) }, closed),
  }, closed)),
}, closed);

export const alertEventSchema = Type.Object({
  task: Type.Optional(taskSchema),
  level: Type.Optional(Type.Integer({ description: '1 re-notified, 2 escalated to the escalation group / manager alerted.' })),
  allRefused: Type.Optional(Type.Boolean()),
  reason: Type.Optional(Type.String()),
  tenant: Type.Optional(Type.String()),
}, { description: 'event: escalated | resync | ready | ping' });
