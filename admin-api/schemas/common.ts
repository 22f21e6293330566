import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PROBLEMS, type ProblemCode } from '../errors.js';

/**
 * The problem body every error answers with (see `errors.ts`).
 *
 * @example
 * { status: 400, code: 'validation-failed', message: 'Invalid body: title is required.', details: [{ field: 'title', message: 'is required' }] }
 */
export const Problem = Type.Object({
  status: Type.Integer(),
  code: Type.Union(Object.keys(PROBLEMS).map((c) => Type.Literal(c as ProblemCode))),
  message: Type.String(),
  details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
}, { description: 'Problem: the shape of every error' });
export type ProblemBody = Static<typeof Problem>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: `details` names each field',
  401: 'Not signed in, or the token is expired or revoked',
  403: 'Your role lacks the permission',
  404: 'Not found (also: another comune\'s resource)',
  409: 'Conflicts with existing data',
  422: 'Understood but cannot be done (e.g. too little data)',
  413: 'Body or file too large',
  415: 'Unsupported Content-Type',
  429: 'Too many requests',
};

/**
 * A route's `response` map: its success schemas plus the problem schema for each error status.
 * Authenticated routes always list 401/403/404; writing routes add 400/409/415 as they need.
 *
 * @example
 * schema: { response: responses({ 200: Category }, [400, 409]) }
 */
export function responses(ok: Record<number, TSchema>, errors: readonly number[] = []): Record<number, TSchema> {
  const out: Record<number, TSchema> = { ...ok };
  for (const status of new Set([...errors, 401, 403, 404])) out[status] = { ...Problem, description: ERROR_DESCRIPTIONS[status] ?? 'Error' } as TSchema;
  return out;
}

/** Responses of a public route (no 401/403). */
export function publicResponses(ok: Record<number, TSchema>, errors: readonly number[] = []): Record<number, TSchema> {
  const out: Record<number, TSchema> = { ...ok };
  for (const status of errors) out[status] = { ...Problem, description: ERROR_DESCRIPTIONS[status] ?? 'Error' } as TSchema;
  return out;
}

/** `:tenant` (the comune's slug) in every tenant-scoped path. */
export const TenantSlug = Type.String({ pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$', maxLength: 64, description: 'The comune\'s slug', examples: ['esempio'] });
export const TenantParams = Type.Object({ tenant: TenantSlug });
export type TenantParams = Static<typeof TenantParams>;

/** Path parameters `:tenant` plus one numeric id called `name`. */
export function tenantAnd<K extends string>(name: K) {
  return Type.Object({ tenant: TenantSlug, [name]: Type.Integer({ minimum: 1 }) } as { tenant: typeof TenantSlug } & Record<K, ReturnType<typeof Type.Integer>>);
}

/** `?limit=&offset=`. */
export const Page = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

/** A list answer with the total for pagination. */
export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer() });
}

export const DateTime = Type.String({ format: 'date-time' });

/**
 * A success answer that is not JSON (a file, a server-sent event stream), documented per content
 * type. Fastify does not serialize these (streams, buffers, hijacked replies); the schema is for the
 * OpenAPI document.
 *
 * @example
 * response: responses({ 200: nonJson('The file', { 'application/pdf': Type.String({ format: 'binary' }) }) })
 */
export function nonJson(description: string, content: Record<string, TSchema>): TSchema {
  return { description, content: Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema }])) } as unknown as TSchema;
}
