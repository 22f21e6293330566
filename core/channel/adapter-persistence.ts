import type { SqlEntityManager } from '@mikro-orm/knex';
import type { TenantInfo } from '../tenancy/tenant-info.js';

/**
 * What an adapter that keeps tables of its own (`entities`, the web chat's history) needs of the
 * database: the tenant behind a slug and an entity manager scoped to one tenant. Nothing else of
 * tenancy (creating, renaming, settings) is an adapter's business.
 *
 * @example
 * const tenant = await runtime.persistence.tenant(ref.tenant);
 * if (tenant) await runtime.persistence.em(tenant.id).persistAndFlush(row);
 */
export interface AdapterPersistence {
  /** The tenant with this slug, or `null` for an unknown or malformed slug (safe to call with what a client sent). */
  tenant(slug: string): Promise<TenantInfo | null>;
  /** A fresh entity manager whose queries are scoped to the tenant (its filter is on). */
  em(tenantId: number): SqlEntityManager;
}
