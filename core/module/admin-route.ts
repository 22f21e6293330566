import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Static, TSchema } from '@sinclair/typebox';
import type { TenantInfo } from '../tenancy/tenant-info.js';

/** A JSON Schema object (draft 2020-12 / OpenAPI 3.1 subset) used for validation and documentation. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** Roles of admin users, from widest to narrowest. */
export const ROLES = ['superadmin', 'mayor', 'editor', 'operator', 'staff-manager'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A permission a module declares and the roles that hold it. Superadmin and mayor hold every
 * permission of their tenant.
 *
 * @example
 * const write: Permission = { name: 'qa.library.write', roles: ['operator'], description: 'Edit the Q&A library' };
 */
export interface Permission {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly description: string;
}

/**
 * An admin REST route a module contributes, described without any HTTP framework: the admin API mounts
 * it under `/api/v1/tenants/:tenant/<module>/<path>`, checks authentication, the permission and the
 * tenant, validates with the schemas and documents them in OpenAPI.
 *
 * The schemas are TypeBox schemas (plain JSON Schema at run time): the handler's `params`, `query` and
 * `body` are their `Static<>` types, so a route never casts what the admin API already validated. A
 * schema left out types its part as `unknown`. The defaults (`TSchema`) are the erased form the
 * registry stores and the admin API mounts.
 *
 * @example
 * api.adminRoute({ method: 'GET', path: '/entries/:id', summary: 'Read one entry', permission: 'qa.read',
 *   schema: { params: Type.Object({ id: Type.Integer() }), response: { 200: entrySchema } },
 *   handler: async (req) => ({ status: 200, body: await find(req.em, req.params.id) }) });
 */
export interface AdminRoute<P extends TSchema = TSchema, Q extends TSchema = TSchema, B extends TSchema = TSchema> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the module's prefix, with `:param` segments. */
  readonly path: string;
  readonly summary: string;
  readonly permission: string;
  /**
   * The 200 answer is a server-sent events stream (`AdminReply.events`); `schema.response[200]` then
   * describes one event's data, documented under `text/event-stream`.
   */
  readonly eventStream?: boolean;
  /** Largest accepted body in bytes, when the API's default (256 KiB) is too small (e.g. an import). */
  readonly bodyLimit?: number;
  /**
   * The route takes one file as `multipart/form-data` (no JSON body): the handler reads it with
   * `req.readFile()` once it checked what the file is for (a missing record answers 404 before any byte is
   * read), which refuses a type outside `types` (415) or a file above `maxBytes` (413).
   */
  readonly upload?: AdminUploadSpec;
  readonly schema: {
    readonly params?: P;
    readonly querystring?: Q;
    readonly body?: B;
    /** Per status; a field not in the schema never leaves the server. */
    readonly response: Readonly<Record<number, TSchema>>;
  };
  // A method (not a function property) on purpose: its parameter is checked bivariantly, so every typed
  // route is also an `AdminRoute` (the erased form) without a cast.
  handler(request: AdminRequest<Static<P>, Static<Q>, Static<B>>): Promise<AdminReply>;
}

/**
 * A route with its schemas' types inferred: the identity, for routes built apart from `api.adminRoute`
 * (an array of routes would otherwise widen every handler to the erased form).
 *
 * @example
 * export const routes = [defineAdminRoute({ method: 'GET', path: '/x/:id', …, schema: { params: idParams, response: { 200: X } },
 *   handler: async (req) => ({ status: 200, body: await find(req.em, req.params.id) }) })];
 */
export function defineAdminRoute<P extends TSchema = TSchema, Q extends TSchema = TSchema, B extends TSchema = TSchema>(
  route: AdminRoute<P, Q, B>,
): AdminRoute<P, Q, B> {
  return route;
}

/** A validated admin request: the tenant is already checked, `em` is scoped to it. */
export interface AdminRequest<P = unknown, Q = unknown, B = unknown> {
  readonly tenant: TenantInfo;
  readonly user: { readonly id: number; readonly email: string; readonly role: Role };
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly em: SqlEntityManager;
  /** Reads the one file of an `upload` route (absent for the others); call it once. */
  readonly readFile?: () => Promise<AdminUpload>;
}

/** What an `upload` route accepts. */
export interface AdminUploadSpec {
  /** Accepted MIME types (checked against the declared type and the file's first bytes). */
  readonly types: readonly string[];
  readonly maxBytes: number;
}

/** The one file of an upload, read into memory, with the form's other fields. */
export interface AdminUpload {
  readonly fileName: string;
  readonly mimeType: string;
  readonly data: Uint8Array;
  readonly fields: Readonly<Record<string, string>>;
}

export interface AdminReply {
  readonly status: number;
  readonly body?: unknown;
  /**
   * For an `eventStream` route answering 200: called with the open stream, which the route writes
   * events to until the client goes away (`onClose`) or the route ends it.
   */
  readonly events?: (sink: AdminEventSink) => void | Promise<void>;
  /**
   * A streamed body instead of `body` (a large export): sent chunk by chunk with this content type, so
   * the server never holds the whole file. The response schema is not applied to it.
   */
  readonly stream?: AdminStream;
}

/**
 * An open server-sent events stream, as a module route sees it (the admin API owns the connection
 * and ends every stream at shutdown).
 *
 * @example
 * return { status: 200, events: (sink) => { sink.send('hello', { at: Date.now() }); sink.onClose(stop); } };
 */
export interface AdminEventSink {
  /** Writes one event; ignored once closed. */
  send(event: string, data: unknown): void;
  /** Runs once when the stream ends (client gone, `end()`, server shutdown). */
  onClose(fn: () => void): void;
  end(): void;
  readonly closed: boolean;
}

/**
 * A streamed reply body: chunks (text or bytes), their content type and, for a download, the file name.
 *
 * @example
 * return { status: 200, stream: { contentType: 'application/geo+json', fileName: 'reports.geojson', chunks: features() } };
 */
export interface AdminStream {
  readonly contentType: string;
  readonly fileName?: string;
  readonly chunks: AsyncIterable<string | Uint8Array>;
}
