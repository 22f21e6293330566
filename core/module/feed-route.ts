import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Static, TSchema } from '@sinclair/typebox';
import type { TenantInfo } from '../tenancy/tenant-info.js';

/**
 * A read-only route without a session, for clients that cannot sign in (a calendar app subscribing to
 * an iCal feed): the admin API mounts it at `GET /api/v1/tenants/:tenant/<module>/<path>`, resolves the
 * comune, and the handler authenticates the request itself by a secret in its path (a revocable token),
 * answering 404 for an unknown or revoked one. The body is sent as is with `contentType`.
 *
 * @example
 * api.feedRoute({ path: '/feeds/:token/calendar.ics', summary: 'iCal feed', schema: { params: Type.Object({ token: Type.String() }) },
 *   handler: async (req) => ({ status: 200, contentType: 'text/calendar; charset=utf-8', body: await ics(req.em, req.params.token) }) });
 */
export interface FeedRoute<P extends TSchema = TSchema> {
  readonly path: string;
  readonly summary: string;
  readonly schema: { readonly params?: P };
  // A method on purpose: checked bivariantly, so each typed route is also the erased `FeedRoute`.
  handler(request: FeedRequest<Static<P>>): Promise<FeedReply>;
}

export interface FeedRequest<P = unknown> {
  readonly tenant: TenantInfo;
  readonly params: P;
  /** Scoped to the tenant. */
  readonly em: SqlEntityManager;
}

export interface FeedReply {
  readonly status: number;
  readonly contentType?: string;
  readonly body: string;
}
