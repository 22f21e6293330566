/**
 * Schemas (TypeBox; JSON Schema at run time) of the reports admin routes: what the admin API validates
 * requests with, serialises responses through (a field not listed here never leaves the server) and
 * documents, and, through `Static<>`, the types the handlers see.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable, StringEnum } from '../../../core/internal.js';
import { REPORT_EVENT_KINDS, REPORT_STATUSES } from '../entities/index.js';

const closed = { additionalProperties: false } as const;
const dateTime = Type.String({ format: 'date-time' });
const id = Type.Integer({ minimum: 1 });
const lat = Type.Number({ minimum: -90, maximum: 90 });
const lon = Type.Number({ minimum: -180, maximum: 180 });
const status = StringEnum(REPORT_STATUSES);
const text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** `{ code, message }` of every 4xx reply. */
export const errorSchema = Type.Object({ code: Type.String(), message: Type.String() }, closed);
export const idParams = Type.Object({ id }, closed);
export const mediaParams = Type.Object({ id, mediaId: Type.String({ pattern: '^[A-Za-z0-9_-]{8,128}$' }) }, closed);

/** Filters of the list and the exports. */
export const reportFilterSchema = Type.Object({
  status: Type.Optional(Type.String({ pattern: '^[a-z_]+(,[a-z_]+)*$', description: 'One status or several, comma-separated (e.g. `new,acknowledged`); `open` and `closed` too.' })),
  category: Type.Optional(Type.String({ maxLength: 64 })),
  office: Type.Optional(Type.Integer({ minimum: 0, description: 'An office id; 0 for unassigned.' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Created at or after.' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Created before.' })),
  bbox: Type.Optional(Type.String({ pattern: '^-?\\d+(\\.\\d+)?(,-?\\d+(\\.\\d+)?){3}$', description: '`minLon,minLat,maxLon,maxLat` (WGS 84).' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Text in the code, description or address.' })),
}, closed);
export type ReportFilter = Static<typeof reportFilterSchema>;

export const reportListQuerySchema = Type.Object({
  ...reportFilterSchema.properties,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
}, closed);

export const mediaItemSchema = Type.Object({ id: Type.String(), kind: StringEnum(['photo', 'video']), mimeType: Type.String(), size: Type.Integer() }, closed);

/** A report as listed. */
export const reportSummarySchema = Type.Object({
  id: Type.Integer(), code: Type.String(), category: Type.String(), status, description: Type.String(),
  latitude: Nullable(Type.Number()), longitude: Nullable(Type.Number()), address: Nullable(Type.String()),
  officeId: Nullable(Type.Integer()), source: Type.String(), mediaCount: Type.Integer(),
  createdAt: dateTime, updatedAt: dateTime, closedAt: Nullable(dateTime),
}, closed);

export const reportListSchema = Type.Object({
  total: Type.Integer({ description: 'Matching reports, counted up to 10,000.' }),
  totalCapped: Type.Boolean({ description: 'More than `total` match (the count stops at 10,000).' }),
  items: Type.Array(reportSummarySchema) }, closed);

export const eventSchema = Type.Object({
  id: Type.Integer(), kind: StringEnum(REPORT_EVENT_KINDS), fromStatus: Nullable(Type.String()), toStatus: Nullable(Type.String()),
  message: Nullable(Type.String()), note: Nullable(Type.String()), actor: Nullable(Type.String()), at: dateTime,
}, closed);

/** A report with its media, timeline and who is told. */
export const reportDetailSchema = Type.Object({
  ...reportSummarySchema.properties,
  media: Type.Array(mediaItemSchema),
  duplicateOf: Nullable(Type.Integer()),
  hidden: Type.Boolean({ description: 'Kept off the public Open311 API (its request and media).' }),
  hasReporter: Type.Boolean({ description: 'Whether a citizen is still linked (false after erasure or for anonymous Open311 posts).' }),
  followers: Type.Integer(),
  timeline: Type.Array(eventSchema),
}, closed);

export const statusChangeSchema = Type.Object({
  status, message: Type.Optional(Nullable(text(1000))), note: Type.Optional(Nullable(text(2000))),
}, closed);
export const noteSchema = Type.Object({ note: text(2000) }, closed);
export const assignSchema = Type.Object({ officeId: Nullable(id) }, closed);
export const visibilitySchema = Type.Object({ hidden: Type.Boolean(), note: Type.Optional(Nullable(text(2000))) }, closed);
export const mergeSchema = Type.Object({ into: id, message: Type.Optional(Nullable(text(1000))), note: Type.Optional(Nullable(text(2000))) }, closed);

/** A status change's result: the report and how each person told fared. */
export const statusResultSchema = Type.Object({
  report: reportDetailSchema,
  notified: Type.Array(Type.Object({ identityId: Type.Integer(), status: Type.String() }, closed)),
}, closed);

export const accessSchema = Type.Object({
  offices: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }, closed), { description: 'The offices whose reports alone I work; empty: every report of the comune.' }),
}, closed);
export const countsSchema = Type.Object({ new: Type.Integer(), open: Type.Integer(), total: Type.Integer() }, closed);

const category = Type.Object({
  code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
  name: Type.Record(Type.String({ pattern: '^[a-z]{2}$' }), text(120)),
  officeId: Type.Optional(Nullable(id)),
  enabled: Type.Optional(Type.Boolean()),
}, closed);
const bbox = Type.Tuple([lon, lat, lon, lat], { description: '`[minLon, minLat, maxLon, maxLat]`' });

export const settingsSchema = Type.Object({
  categories: Type.Array(category),
  duplicateDistanceMeters: Type.Integer({ minimum: 0, maximum: 5000 }),
  bbox: Nullable(bbox),
  closedRetentionDays: Type.Integer({ minimum: 1, maximum: 36500 }),
  open311Keys: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), createdAt: Type.String() }, closed)),
}, closed);
export const settingsInputSchema = Type.Object({
  categories: Type.Optional(Type.Array(category, { minItems: 1, maxItems: 50 })),
  duplicateDistanceMeters: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000 })),
  bbox: Type.Optional(Nullable(bbox)),
  closedRetentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 36500 })),
}, closed);

export const officeSchema = Type.Object({ id: Type.Integer(), name: Type.String(), members: Type.Array(Type.Integer()) }, closed);
export const officeListSchema = Type.Array(officeSchema);
export const officeInputSchema = Type.Object({ name: text(120), members: Type.Optional(Type.Array(id, { maxItems: 200 })) }, closed);

export const keyInputSchema = Type.Object({ label: text(120) }, closed);
export const keyCreatedSchema = Type.Object({ id: Type.String(), label: Type.String(), apiKey: Type.String({ description: 'Shown once: only its hash is kept.' }) }, closed);
export const keyParams = Type.Object({ keyId: Type.String({ minLength: 1, maxLength: 64 }) }, closed);

/** A streamed file (CSV, GeoJSON, media bytes): documented as a string. */
export const fileSchema = Type.String({ description: 'The file, streamed.' });
export const noContentSchema = Type.Null();
