import type { SqlEntityManager } from '@mikro-orm/knex';
import fp from 'fastify-plugin';
import { AuditEntry } from '../../../core/internal.js';
import type { AdminPrincipal } from './sessions.js';

/** One change to record. */
export interface AuditRecord {
  readonly user: Pick<AdminPrincipal, 'id' | 'email'> | null;
  readonly tenantId: number | null;
  readonly action: string;
  readonly target: string;
  readonly targetId?: string | number | null;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly ip: string | null;
}

/** What a route says about its audit entry (route `config.audit`). `false`: not audited (reads, login). */
export type AuditConfig = false | { readonly action?: string; readonly target?: string };

/**
 * The audit log. The /api/v1 hook records every successful POST/PUT/PATCH/DELETE by itself; routes
 * only fine-tune it: `config: { audit: { action: 'send', target: 'notice' } }`, and
 * `request.auditTargetId = id` when the id is not in the path or the answer.
 *
 * @example
 * await fastify.audit.record({ user, tenantId, action: 'login', target: 'session', method: 'POST', path, status: 200, ip });
 */
export class AuditLog {
  constructor(private readonly em: () => SqlEntityManager) {}

  async record(entry: AuditRecord): Promise<void> {
    const em = this.em();
    em.create(AuditEntry, {
      tenantId: entry.tenantId,
      userId: entry.user?.id ?? null,
      userEmail: entry.user?.email ?? '',
      action: entry.action.slice(0, 32),
      target: entry.target.slice(0, 64),
      targetId: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId).slice(0, 128),
      method: entry.method,
      path: entry.path.slice(0, 500),
      status: entry.status,
      ip: entry.ip?.slice(0, 64) ?? null,
    });
    await em.flush();
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The audit log. */
    audit: AuditLog;
  }
  interface FastifyRequest {
    /** Id of the thing a writing route changed, when neither the path nor the answer carries it. */
    auditTargetId: string | number | null;
  }
  interface FastifyContextConfig {
    /** Audit settings of a route; see `AuditConfig`. */
    audit?: AuditConfig;
  }
}

/**
 * Decorates `fastify.audit` and `request.auditTargetId`.
 *
 * @example
 * request.auditTargetId = created.id;
 */
export default fp(
  async (fastify) => {
    fastify.decorate('audit', new AuditLog(() => fastify.campanile.db.em.fork()));
    fastify.decorateRequest('auditTargetId', null);
  },
  { name: 'audit', dependencies: ['campanile'] },
);
