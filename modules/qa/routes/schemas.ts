/**
 * JSON Schemas (OpenAPI 3.1 subset) of the Q&A admin routes: what the admin API validates requests
 * with, serialises responses through (a field not listed here never leaves the server) and documents.
 */
import type { JsonSchema } from '../../../core/internal.js';
import { QA_MODEL_STATUSES, UNANSWERED_STATUSES } from '../entities/index.js';

const str = (extra: Record<string, unknown> = {}): JsonSchema => ({ type: 'string', ...extra });
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const dateTime = str({ format: 'date-time' });
const idParam = { type: 'integer', minimum: 1 } as const;

/** `{ code, message }` of every 4xx reply. */
export const errorSchema: JsonSchema = {
  type: 'object', required: ['code', 'message'], additionalProperties: false,
  properties: { code: str(), message: str() },
};

/** `:id` path parameter. */
export const idParams: JsonSchema = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: idParam } };

const entryFields = {
  key: str({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$' }),
  question: str({ minLength: 1, maxLength: 500 }),
  answer: str({ minLength: 1, maxLength: 4000 }),
  phrasings: { type: 'array', items: str({ minLength: 1, maxLength: 500 }), maxItems: 500 },
  tags: { type: 'array', items: str({ minLength: 1, maxLength: 60 }), maxItems: 30 },
  linkUrl: nullable(str({ format: 'uri', maxLength: 2000 })),
  imageMediaId: nullable(str({ maxLength: 128 })),
  enabled: { type: 'boolean' },
  translations: {
    type: 'object', additionalProperties: false,
    description: 'Versions in other languages, used where the comune enables them (today English).',
    properties: {
      en: {
        type: 'object', additionalProperties: false, required: ['answer'],
        properties: {
          question: str({ maxLength: 500 }),
          answer: str({ minLength: 1, maxLength: 4000 }),
          phrasings: { type: 'array', items: str({ minLength: 1, maxLength: 500 }), maxItems: 500 },
        },
      },
    },
  },
};

/** Body of create/update (`key` is derived from the question when omitted). */
export const entryInputSchema: JsonSchema = {
  type: 'object', required: ['question', 'answer'], additionalProperties: false, properties: entryFields,
};

/** An entry as returned. */
export const entrySchema: JsonSchema = {
  type: 'object', additionalProperties: false,
  required: ['id', 'key', 'question', 'answer', 'phrasings', 'tags', 'linkUrl', 'imageMediaId', 'enabled', 'translations', 'createdAt', 'updatedAt'],
  properties: { id: { type: 'integer' }, ...entryFields, createdAt: dateTime, updatedAt: dateTime },
};

const page = { limit: { type: 'integer', minimum: 1, maximum: 500 }, offset: { type: 'integer', minimum: 0 } };

/** Query of GET /entries. */
export const entryQuerySchema: JsonSchema = {
  type: 'object', additionalProperties: false,
  properties: { q: str({ maxLength: 200 }), tag: str({ maxLength: 60 }), enabled: { type: 'boolean' }, ...page },
};

/** `{ total, items }` of GET /entries. */
export const entryListSchema: JsonSchema = {
  type: 'object', required: ['total', 'items'], additionalProperties: false,
  properties: { total: { type: 'integer' }, items: { type: 'array', items: entrySchema } },
};

/** Body of POST /import. */
export const importSchema: JsonSchema = {
  type: 'object', required: ['format', 'content'], additionalProperties: false,
  properties: { format: { enum: ['json', 'csv'] }, content: str({ minLength: 1, maxLength: 5_000_000 }), mode: { enum: ['merge', 'replace'] } },
};

/** Body of POST /import-starter. */
export const importStarterSchema: JsonSchema = {
  type: 'object', additionalProperties: false, properties: { mode: { enum: ['merge', 'replace'] } },
};

/** What an import changed. */
export const importResultSchema: JsonSchema = {
  type: 'object', required: ['created', 'updated', 'deleted'], additionalProperties: false,
  properties: { created: { type: 'integer' }, updated: { type: 'integer' }, deleted: { type: 'integer' } },
};

/** Query of GET /export. */
export const exportQuerySchema: JsonSchema = {
  type: 'object', additionalProperties: false, properties: { format: { enum: ['json', 'csv'] } },
};

/** An exported file (the admin UI offers `content` as a download named `filename`). */
export const exportSchema: JsonSchema = {
  type: 'object', required: ['format', 'filename', 'contentType', 'content'], additionalProperties: false,
  properties: { format: { enum: ['json', 'csv'] }, filename: str(), contentType: str(), content: str() },
};

const candidateSchema: JsonSchema = {
  type: 'object', required: ['entryId', 'key', 'question', 'score'], additionalProperties: false,
  properties: { entryId: { type: 'integer' }, key: str(), question: str(), score: { type: 'number' } },
};

/** An inbox group. */
export const groupSchema: JsonSchema = {
  type: 'object', additionalProperties: false,
  required: ['id', 'text', 'status', 'count', 'firstAskedAt', 'lastAskedAt', 'examples', 'channels', 'candidates', 'nowAnswered'],
  properties: {
    id: { type: 'integer' }, text: str(), status: { enum: [...UNANSWERED_STATUSES] }, count: { type: 'integer' },
    firstAskedAt: dateTime, lastAskedAt: dateTime, examples: { type: 'array', items: str() }, channels: { type: 'array', items: str() },
    candidates: { type: 'array', items: candidateSchema }, nowAnswered: nullable(candidateSchema),
  },
};

/** Query of GET /inbox. */
export const inboxQuerySchema: JsonSchema = {
  type: 'object', additionalProperties: false, properties: { status: { enum: [...UNANSWERED_STATUSES, 'all'] }, ...page },
};

/** `{ total, items }` of GET /inbox. */
export const inboxListSchema: JsonSchema = {
  type: 'object', required: ['total', 'items'], additionalProperties: false,
  properties: { total: { type: 'integer' }, items: { type: 'array', items: groupSchema } },
};

/** Body of POST /inbox/:id/add-phrasing. */
export const addPhrasingSchema: JsonSchema = {
  type: 'object', required: ['entryId'], additionalProperties: false, properties: { entryId: idParam },
};

/** Body of POST /inbox/:id/create-entry: the answer is required, the rest defaults from the question. */
export const createFromSchema: JsonSchema = {
  type: 'object', required: ['answer'], additionalProperties: false,
  properties: { answer: entryFields.answer, question: entryFields.question, key: entryFields.key, phrasings: entryFields.phrasings, tags: entryFields.tags, linkUrl: entryFields.linkUrl },
};

/** `{ entry, group }` after an inbox action that touched the library. */
export const entryAndGroupSchema: JsonSchema = {
  type: 'object', required: ['entry', 'group'], additionalProperties: false, properties: { entry: entrySchema, group: groupSchema },
};

/** A model or training run. */
export const modelSchema: JsonSchema = {
  type: 'object', additionalProperties: false,
  required: ['id', 'version', 'status', 'entryCount', 'phrasingCount', 'startedAt', 'trainedAt', 'trainMs', 'error'],
  properties: {
    id: { type: 'integer' }, version: { type: 'integer' }, status: { enum: [...QA_MODEL_STATUSES] },
    entryCount: { type: 'integer' }, phrasingCount: { type: 'integer' }, startedAt: dateTime, trainedAt: nullable(dateTime),
    trainMs: nullable({ type: 'integer' }), error: nullable(errorSchema),
  },
};

/** GET /model: the model answering now and the newest run. */
export const modelStatusSchema: JsonSchema = {
  type: 'object', required: ['current', 'latest', 'training'], additionalProperties: false,
  properties: { current: nullable(modelSchema), latest: nullable(modelSchema), training: { type: 'boolean' } },
};
