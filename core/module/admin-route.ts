import type { SqlEntityManager } from '@mikro-orm/knex';
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
 * @example
 * api.adminRoute({ method: 'GET', path: '/unanswered', summary: 'List unanswered questions', permission: 'qa.read',
 *   schema: { response: { 200: listSchema } }, handler: async (req) => ({ status: 200, body: await list(req.em) }) });
 */
export interface AdminRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the module's prefix, with `:param` segments. */
  readonly path: string;
  readonly summary: string;
  readonly permission: string;
  /** Largest accepted body in bytes, when the API's default (256 KiB) is too small (e.g. an import). */
  readonly bodyLimit?: number;
  readonly schema: {
    readonly params?: JsonSchema;
    readonly querystring?: JsonSchema;
    readonly body?: JsonSchema;
    readonly response: Readonly<Record<number, JsonSchema>>;
  };
  handler(request: AdminRequest): Promise<AdminReply>;
}

/** A validated admin request: the tenant is already checked, `em` is scoped to it. */
export interface AdminRequest {
  readonly tenant: TenantInfo;
  readonly user: { readonly id: number; readonly email: string; readonly role: Role };
  readonly params: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
  readonly em: SqlEntityManager;
}

export interface AdminReply {
  readonly status: number;
  readonly body?: unknown;
}
