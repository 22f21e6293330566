import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { MediaError, NoticeError } from '../core/internal.js';

/**
 * Every error the admin API can answer with: one stable `code` per case and its HTTP status. Clients
 * switch on `code`; `message` is for people and says how to fix the request.
 */
export const PROBLEMS = {
  'validation-failed': 400,
  'malformed-json': 400,
  'bad-request': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'too-many-requests': 429,
  internal: 500,
} as const;
export type ProblemCode = keyof typeof PROBLEMS;

/** One field-level problem: `field` is a dotted path inside the part of the request named in `message`. */
export interface ProblemDetail {
  readonly field: string;
  readonly message: string;
}

/** The JSON body of every error response. */
export interface Problem {
  readonly status: number;
  readonly code: ProblemCode;
  readonly message: string;
  readonly details?: readonly ProblemDetail[];
}

/**
 * An error that becomes a problem response. Throw it from hooks and handlers; the error handler
 * answers with its status and body, and never with a stack trace.
 *
 * @example
 * throw new ProblemError('not-found', 'Category 12 not found in this comune.');
 * throw new ProblemError('conflict', 'A user with this e-mail exists.', [{ field: 'email', message: 'already used' }]);
 * throw new ProblemError('too-many-requests', 'Too many attempts: retry later.', undefined, { 'retry-after': '60' });
 */
export class ProblemError extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly details?: readonly ProblemDetail[],
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'ProblemError';
    this.status = PROBLEMS[code];
  }

  toJSON(): Problem {
    return { status: this.status, code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

/** Shorthands for the common cases. */
export const notFound = (what: string): ProblemError => new ProblemError('not-found', `${what} not found.`);
export const conflict = (message: string, field?: string): ProblemError =>
  new ProblemError('conflict', message, field ? [{ field, message }] : undefined);
export const badRequest = (field: string, message: string): ProblemError =>
  new ProblemError('validation-failed', `Invalid request: ${field} ${message}.`, [{ field, message }]);

interface AjvError {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Turns any thrown error into a problem, keeping only what is safe to show. */
export function toProblem(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof NoticeError) return fromNoticeError(error);
  if (error instanceof MediaError) return fromMediaError(error);
  const e = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (Array.isArray(e.validation)) {
    const context = e.validationContext ?? 'body';
    const details = e.validation.map((v) => detailOf(v));
    const first = details[0];
    return new ProblemError('validation-failed', first ? `Invalid ${context}: ${first.field} ${first.message}.` : `Invalid ${context}.`, details);
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ProblemError('malformed-json', 'The body is not valid JSON: check quotes, commas and brackets.', [{ field: 'body', message: 'is not valid JSON' }]);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ProblemError('malformed-json', 'The body is empty but Content-Type says JSON: send a JSON object or drop the header.', [{ field: 'body', message: 'is empty' }]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new ProblemError('unsupported-media-type', 'Unsupported Content-Type: send application/json (or multipart/form-data for uploads).');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new ProblemError('payload-too-large', 'The request body is too large: send a smaller file or fewer parts.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ProblemError('bad-request', 'Content-Length does not match the body.');
    default:
      break;
  }
  if (e instanceof SyntaxError || e.name === 'SyntaxError') {
    return new ProblemError('malformed-json', `The body is not valid JSON (${e.message}).`, [{ field: 'body', message: 'is not valid JSON' }]);
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 429) return new ProblemError('too-many-requests', 'Too many requests: slow down and retry later.');
  if (status === 404) return new ProblemError('not-found', 'Not found.');
  if (status >= 400 && status < 500) return new ProblemError('bad-request', e.message || 'Bad request.');
  return new ProblemError('internal', 'Internal error: it has been logged; retry, and report it if it persists.');
}

// The engine names its own fields (`category`); the API names the request's (`categoryId`).
const NOTICE_FIELDS: Readonly<Record<string, string>> = { category: 'categoryId' };

/** A notice refusal of the engine as a problem: 400 naming the field, 404, or 409 (no longer editable). */
function fromNoticeError(error: NoticeError): ProblemError {
  const field = error.field ? NOTICE_FIELDS[error.field] ?? error.field : undefined;
  if (error.status === 404) return new ProblemError('not-found', error.message);
  if (error.status === 409) return new ProblemError('conflict', error.message, [{ field: 'status', message: error.message }]);
  const where = field ?? 'body';
  return new ProblemError('validation-failed', `Invalid ${where}: ${error.message}`, [{ field: where, message: error.message }]);
}

/** A media refusal (type, size, unknown id) as a problem; uploads name the `file` part. */
function fromMediaError(error: MediaError): ProblemError {
  const code: ProblemCode = error.status === 413 ? 'payload-too-large' : error.status === 415 ? 'unsupported-media-type' : error.status === 404 ? 'not-found' : 'validation-failed';
  return new ProblemError(code, error.message, error.status === 404 ? undefined : [{ field: 'file', message: error.message }]);
}

function detailOf(v: AjvError): ProblemDetail {
  const path = (v.instancePath ?? '').split('/').filter(Boolean);
  if (v.keyword === 'required' && typeof v.params?.missingProperty === 'string') path.push(v.params.missingProperty);
  if (v.keyword === 'additionalProperties' && typeof v.params?.additionalProperty === 'string') {
    path.push(v.params.additionalProperty);
    return { field: path.join('.'), message: 'is not an accepted field' };
  }
  return { field: path.join('.') || '(root)', message: v.keyword === 'required' ? 'is required' : v.message ?? 'is invalid' };
}

/** Sends a problem (used by the error handler and by hooks that answer early). */
export function sendProblem(reply: FastifyReply, problem: ProblemError): FastifyReply {
  if (problem.headers) for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
  return reply.code(problem.status).type('application/json; charset=utf-8').send(problem.toJSON());
}

/**
 * Installs the problem shape for every error and unknown route of the app. 5xx are logged with their
 * stack; the client gets only the code and a fix-it message.
 *
 * @example
 * await fastify.register(errorsPlugin);
 */
export const errorsPlugin = fp(
  async (fastify: FastifyInstance) => {
    fastify.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      const problem = toProblem(error);
      if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.debug({ code: problem.code }, 'request refused');
      return sendProblem(reply, problem);
    });
    fastify.setNotFoundHandler((request, reply) =>
      sendProblem(reply, new ProblemError('not-found', `No route ${request.method} ${request.url.split('?')[0]}: see /docs for the API.`)),
    );
  },
  { name: 'errors' },
);
