/**
 * Schemas (TypeBox; JSON Schema, OpenAPI 3.1 subset, at run time) of the Q&A admin routes: what the
 * admin API validates requests with, serialises responses through (a field not listed here never leaves
 * the server) and documents, and, through `Static<>`, the types the route handlers see.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable, StringEnum } from '../../../core/internal.js';
import { QA_MODEL_STATUSES, SUGGESTION_STATUSES, UNANSWERED_STATUSES } from '../entities/index.js';

const dateTime = Type.String({ format: 'date-time' });
const id = Type.Integer({ minimum: 1 });
const closed = { additionalProperties: false } as const;
const phrasingList = () => Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 500 });
const formats = ['json', 'csv'] as const;
const modes = ['merge', 'replace'] as const;

/** `{ code, message }` of every 4xx reply. */
export const errorSchema = Type.Object({ code: Type.String(), message: Type.String() }, closed);

/** `:id` path parameter. */
export const idParams = Type.Object({ id }, closed);

const entryFields = {
  key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$' }),
  question: Type.String({ minLength: 1, maxLength: 500 }),
  answer: Type.String({ minLength: 1, maxLength: 4000 }),
  phrasings: phrasingList(),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 30 }),
  linkUrl: Nullable(Type.String({ format: 'uri', maxLength: 2000 })),
  imageMediaId: Nullable(Type.String({ maxLength: 128 })),
  enabled: Type.Boolean(),
  translations: Type.Object({
    en: Type.Optional(Type.Object({
      question: Type.Optional(Type.String({ maxLength: 500 })),
      answer: Type.String({ minLength: 1, maxLength: 4000 }),
      phrasings: Type.Optional(phrasingList()),
    }, closed)),
  }, { ...closed, description: 'Versions in other languages, used where the comune enables them (today English).' }),
};
const { key, question, answer, phrasings, tags, linkUrl, imageMediaId, enabled, translations } = entryFields;

/** Body of create/update (`key` is derived from the question when omitted). */
export const entryInputSchema = Type.Object({
  key: Type.Optional(key), question, answer, phrasings: Type.Optional(phrasings), tags: Type.Optional(tags),
  linkUrl: Type.Optional(linkUrl), imageMediaId: Type.Optional(imageMediaId), enabled: Type.Optional(enabled), translations: Type.Optional(translations),
}, closed);

/** An entry as returned. */
export const entrySchema = Type.Object({ id: Type.Integer(), ...entryFields, createdAt: dateTime, updatedAt: dateTime }, closed);

const page = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) };

/** Query of GET /entries. */
export const entryQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })), tag: Type.Optional(Type.String({ maxLength: 60 })), enabled: Type.Optional(Type.Boolean()), ...page,
}, closed);

/** `{ total, items }` of GET /entries. */
export const entryListSchema = Type.Object({ total: Type.Integer(), items: Type.Array(entrySchema) }, closed);

/** Body of POST /import. */
export const importSchema = Type.Object({
  format: StringEnum(formats), content: Type.String({ minLength: 1, maxLength: 5_000_000 }), mode: Type.Optional(StringEnum(modes)),
}, closed);

/** Body of POST /import-starter. */
export const importStarterSchema = Type.Object({ mode: Type.Optional(StringEnum(modes)) }, closed);

/** What an import changed. */
export const importResultSchema = Type.Object({ created: Type.Integer(), updated: Type.Integer(), deleted: Type.Integer() }, closed);

/** Query of GET /export. */
export const exportQuerySchema = Type.Object({ format: Type.Optional(StringEnum(formats)) }, closed);

/** An exported file (the admin UI offers `content` as a download named `filename`). */
export const exportSchema = Type.Object({ format: StringEnum(formats), filename: Type.String(), contentType: Type.String(), content: Type.String() }, closed);

const candidateSchema = Type.Object({ entryId: Type.Integer(), key: Type.String(), question: Type.String(), score: Type.Number() }, closed);

/** An inbox group. */
export const groupSchema = Type.Object({
  id: Type.Integer(), text: Type.String(), status: StringEnum(UNANSWERED_STATUSES), count: Type.Integer(),
  firstAskedAt: dateTime, lastAskedAt: dateTime, examples: Type.Array(Type.String()), channels: Type.Array(Type.String()),
  candidates: Type.Array(candidateSchema), nowAnswered: Nullable(candidateSchema),
  clarifications: Type.Object({
    offered: Type.Integer({ description: 'Times the bot asked "Forse intendevi…" for this question.' }),
    none: Type.Integer({ description: 'Times the person answered "Nessuna di queste".' }),
    pending: Type.Integer({ description: 'Clarifications the person has not answered.' }),
    chosen: Type.Array(Type.Object({ entryId: Type.Integer(), key: Type.String(), question: Type.String(), count: Type.Integer() }, closed)),
  }, closed),
}, closed);

/** Query of GET /inbox. */
export const inboxQuerySchema = Type.Object({ status: Type.Optional(StringEnum([...UNANSWERED_STATUSES, 'all', 'open'], { description: 'open (default): new and uncertain.' })), ...page }, closed);

/** `{ total, items }` of GET /inbox. */
export const inboxListSchema = Type.Object({ total: Type.Integer(), items: Type.Array(groupSchema) }, closed);

/** Body of POST /inbox/:id/add-phrasing. */
export const addPhrasingSchema = Type.Object({ entryId: id }, closed);

/** Body of POST /inbox/:id/create-entry: the answer is required, the rest defaults from the question. */
export const createFromSchema = Type.Object({
  answer, question: Type.Optional(question), key: Type.Optional(key), phrasings: Type.Optional(phrasings), tags: Type.Optional(tags), linkUrl: Type.Optional(linkUrl),
}, closed);

/** `{ entry, group }` after an inbox action that touched the library. */
export const entryAndGroupSchema = Type.Object({ entry: entrySchema, group: groupSchema }, closed);

/** How a model's answer/clarify bands were set (see modules/qa/nlp/calibration.ts). */
export const calibrationSchema = Type.Object({
  method: StringEnum(['cross-validation', 'default']),
  answer: Type.Number({ description: 'Confidence at or above which the bot answers.' }),
  clarify: Type.Number({ description: 'Confidence at or above which (below answer) it asks "Forse intendevi…".' }),
  folds: Type.Integer(), inScopeSamples: Type.Integer(), oosSamples: Type.Integer(),
  expected: Nullable(Type.Object({ rightDirect: Type.Number(), wrongDirect: Type.Number(), clarified: Type.Number(), oosAnswered: Type.Number() }, closed)),
}, closed);

/** A model or training run. */
export const modelSchema = Type.Object({
  id: Type.Integer(), version: Type.Integer(), status: StringEnum(QA_MODEL_STATUSES),
  entryCount: Type.Integer(), phrasingCount: Type.Integer(), startedAt: dateTime, trainedAt: Nullable(dateTime),
  trainMs: Nullable(Type.Integer()), error: Nullable(errorSchema), calibration: Nullable(calibrationSchema),
}, closed);

/** GET /model: the model answering now and the newest run. */
export const modelStatusSchema = Type.Object({ current: Nullable(modelSchema), latest: Nullable(modelSchema), training: Type.Boolean() }, closed);

/** A suggested phrasing: what a person chose after "Forse intendevi…". */
export const suggestionSchema = Type.Object({
  id: Type.Integer(), phrasing: Type.String({ description: 'The asking part of the message: what approving adds.' }),
  message: Type.String({ description: 'The whole message as written.' }), status: StringEnum(SUGGESTION_STATUSES),
  askedAt: dateTime, channel: Type.String(),
  entry: Nullable(Type.Object({ id: Type.Integer(), key: Type.String(), question: Type.String() }, closed)),
}, closed);

/** Query of GET /suggestions. */
export const suggestionQuerySchema = Type.Object({ status: Type.Optional(StringEnum([...SUGGESTION_STATUSES, 'all'])), ...page }, closed);

/** `{ total, items }` of GET /suggestions. */
export const suggestionListSchema = Type.Object({ total: Type.Integer(), items: Type.Array(suggestionSchema) }, closed);

/** After approving: the entry with its new phrasing, the suggestion, and the training run started (null if one was already running). */
export const approvedSchema = Type.Object({ entry: entrySchema, suggestion: suggestionSchema, training: Nullable(modelSchema) }, closed);

/** Body of POST /entries/from-handoff: the citizen's words and the operator's reply, or an entry to add the words to. */
export const fromAnswerSchema = Type.Object({
  phrasing: Type.String({ minLength: 1, maxLength: 500, description: "The citizen's question as they wrote it (the first phrasing)" }),
  answer: Type.Optional(Type.String({ minLength: 1, maxLength: 4000, description: "The operator's reply: the new entry's answer" })),
  question: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: "The new entry's question (default the citizen's words)" })),
  entryId: Type.Optional(Type.Integer({ minimum: 1, description: 'Add the phrasing to this entry instead of creating one' })),
}, closed);
export const fromAnswerResultSchema = Type.Object({
  entry: entrySchema, created: Type.Boolean(), training: Nullable(modelSchema),
  warning: Type.Optional(Type.String({ description: 'Saved, but the model was not retrained now (a run is in progress, or the library is too small)' })),
}, closed);

/** DELETE's 204: no body. */
export const noContentSchema = Type.Null();
