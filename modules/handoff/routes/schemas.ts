/**
 * Schemas (TypeBox) of the handoff admin routes: what the admin API validates, serialises (a field
 * not listed never leaves the server) and documents.
 */
import { Type } from '@sinclair/typebox';
import { Nullable, StringEnum } from '../../../core/internal.js';
import { HANDOFF_STATES, PRESENCE_STATUSES } from '../entities/index.js';
import { RATING_KINDS, WEEKDAYS } from '../service/handoff-settings.js';
import { INBOX_FILTERS } from '../service/operator-service.js';

const closed = { additionalProperties: false } as const;
const dateTime = Type.String({ format: 'date-time' });
const id = Type.Integer({ minimum: 1 });

/** `{ code, message }` of every 4xx reply. */
export const errorSchema = Type.Object({ code: Type.String(), message: Type.String() }, closed);
export const idParams = Type.Object({ id }, closed);
/** A file of a conversation: the conversation and the media id one of its messages holds. */
export const mediaParams = Type.Object({ id, mediaId: Type.String({ pattern: '^[A-Za-z0-9_-]{8,128}$' }) }, closed);
/** The bytes of a file, streamed with its own content type. */
export const fileSchema = Type.String({ description: 'The file, streamed with its content type.' });

export const inboxQuery = Type.Object({
  filter: Type.Optional(StringEnum(INBOX_FILTERS, { description: 'open (default): waiting, deferred and live; mine: open ones I have' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
}, closed);

const lastMessage = Type.Object({ direction: StringEnum(['in', 'out'] as const), kind: Type.String(), text: Nullable(Type.String()), at: dateTime }, closed);
export const conversationSummary = Type.Object({
  id, state: StringEnum(HANDOFF_STATES), personId: id, channel: Type.String(), operatorId: Nullable(id), office: Nullable(Type.String()),
  requestedAt: dateTime, waitingSince: dateTime, firstResponseAt: Nullable(dateTime), lastActivityAt: dateTime,
  closedAt: Nullable(dateTime), closedBy: Nullable(Type.String()), rating: Nullable(Type.Integer()), lastMessage: Nullable(lastMessage),
}, closed);
export const inboxList = Type.Object({ items: Type.Array(conversationSummary) }, closed);

export const messageSchema = Type.Object({
  id, direction: StringEnum(['in', 'out'] as const), kind: Type.String(), text: Nullable(Type.String()), mediaId: Nullable(Type.String()),
  latitude: Nullable(Type.Number()), longitude: Nullable(Type.Number()), authorId: Nullable(Type.Integer()), at: dateTime,
  held: Type.Boolean({ description: "An answer WhatsApp refused after the person's 24-hour window closed: sent as soon as they write again" }),
}, closed);
export const noteSchema = Type.Object({ id, authorId: Type.Integer(), text: Type.String(), at: dateTime }, closed);
export const conversationDetail = Type.Object({
  conversation: conversationSummary,
  messages: Type.Array(messageSchema),
  notes: Type.Array(noteSchema),
  context: Type.Array(Type.Object({ direction: Type.String(), text: Type.String(), at: dateTime }, closed), { description: "The person's last exchanges with the bot before the request" }),
  earlier: Type.Array(conversationSummary, { description: "The person's earlier handoffs" }),
}, closed);

export const replyBody = Type.Object({
  text: Type.Optional(Type.String({ maxLength: 4000 })),
  mediaId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'A file uploaded with POST …/media (image or document)' })),
  cannedReplyId: Type.Optional(id),
}, closed);
export const replyResult = Type.Object({
  message: messageSchema,
  delivery: Type.String({ description: "First outcome at the channel: delivered, transient/rate-limited (queued, sent later), or held (the person's 24-hour window closed: sent when they write again)" }),
  warning: Type.Optional(Type.String({ description: 'Why the person may not know an answer is waiting (held, and no "reply waiting" template mapped or it was refused)' })),
}, closed);
export const noteBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }, closed);
export const transferBody = Type.Object({ operatorId: Type.Optional(id), office: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }, closed);

export const presenceBody = Type.Object({ status: StringEnum(PRESENCE_STATUSES) }, closed);
export const presenceSchema = Type.Object({ userId: Type.Integer(), status: StringEnum(PRESENCE_STATUSES), expiresAt: dateTime }, closed);
export const presenceList = Type.Object({ items: Type.Array(presenceSchema) }, closed);

export const cannedBody = Type.Object({ title: Type.String({ minLength: 1, maxLength: 100 }), text: Type.String({ minLength: 1, maxLength: 4000 }) }, closed);
export const cannedSchema = Type.Object({ id, title: Type.String(), text: Type.String() }, closed);
export const cannedList = Type.Object({
  items: Type.Array(Type.Object({ ...cannedSchema.properties, filled: Type.String({ description: 'The text with {comune} and {operatore} filled in for the signed-in operator' }) }, closed)),
}, closed);

export const operatorList = Type.Object({
  items: Type.Array(Type.Object({ id, name: Type.String({ description: 'Display name, or e-mail when none is set' }), status: StringEnum(PRESENCE_STATUSES) }, closed)),
}, { ...closed, description: "The comune's active users who can answer citizens (transfer targets), with their presence" });


const hhmm = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const officeHours = Type.Object(
  Object.fromEntries(WEEKDAYS.map((day) => [day, Type.Optional(Type.Array(Type.Tuple([hhmm, hhmm]), { maxItems: 6 }))])),
  { ...closed, description: 'Opening intervals per weekday, HH:mm in the comune\'s timezone; none set: any time an operator is online' },
);
const settingsFields = {
  officeHours,
  maxWaitMinutes: Type.Integer({ minimum: 1, maximum: 240 }),
  idleLiveHours: Type.Integer({ minimum: 1, maximum: 336 }),
  idleDeferredDays: Type.Integer({ minimum: 1, maximum: 90 }),
  rating: StringEnum(RATING_KINDS),
  offices: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 }),
  floodPerMinute: Type.Integer({ minimum: 3, maximum: 200 }),
};
export const settingsSchema = Type.Object(settingsFields, closed);
export const settingsPatch = Type.Partial(Type.Object(settingsFields, closed), closed);

export const statsQuery = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })) }, closed);
const duration = Nullable(Type.Number({ description: 'seconds' }));
export const statsSchema = Type.Object({
  now: Type.Object({ waiting: Type.Integer(), deferred: Type.Integer(), live: Type.Integer(), operatorsOnline: Type.Integer() }, closed),
  days: Type.Array(Type.Object({ date: Type.String(), requested: Type.Integer(), closed: Type.Integer(), medianFirstResponseSeconds: duration, medianResolutionSeconds: duration }, closed)),
  ratings: Type.Object({ count: Type.Integer(), average: Nullable(Type.Number()) }, closed),
  firstResponse: Type.Object({ medianSeconds: duration, p90Seconds: duration }, closed),
  resolution: Type.Object({ medianSeconds: duration, p90Seconds: duration }, closed),
}, closed);

/** DELETE's 204: no body. */
export const noContentSchema = Type.Null();

/** The data of one live-inbox event (`conversation`, `message`, `note`, `resync`, `ready`, `ping`). */
export const streamEventSchema = Type.Object({
  change: Type.Optional(Type.String()),
  conversation: Type.Optional(conversationSummary),
  conversationId: Type.Optional(id),
  message: Type.Optional(messageSchema),
  reason: Type.Optional(Type.String()),
  tenant: Type.Optional(Type.String()),
}, { description: 'event: conversation | message | note | resync | ready | ping' });

export const alertSchema = Type.Object({
  linked: Type.Boolean({ description: 'A Telegram chat of mine is linked' }),
  channel: Nullable(Type.String()),
  telegram: Type.Boolean({ description: 'A person starting to wait messages my linked chat while I am online or away' }),
}, closed);
export const alertBody = Type.Object({ telegram: Type.Boolean() }, closed);
export const alertLinkSchema = Type.Object({
  links: Type.Array(Type.Object({ channel: Type.String(), url: Type.String(), handle: Type.Optional(Type.String()), qr: Type.String({ description: 'The link as a QR code: a PNG data URL.' }) }, closed), { description: "The comune's Telegram bots, each link carrying the one-time token" }),
  expiresAt: dateTime,
}, closed);
