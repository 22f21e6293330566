import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Database } from '../storage/database.js';
import { Category } from '../storage/entities/category.js';
import { Tenant } from '../storage/entities/tenant.js';
import { isUniqueViolation } from '../storage/unique-violation.js';
import { DEFAULT_CATEGORIES, type CategorySeed } from './default-categories.js';
import type { TenantInfo } from './tenant-info.js';

/** What a new tenant needs. */
export interface TenantSeed {
  readonly slug: string;
  readonly name: string;
  readonly locales?: readonly string[];
  readonly timezone?: string;
  readonly enabledModules: readonly string[];
  readonly categories?: readonly CategorySeed[];
}

/** Tenant slugs appear in URLs and deep links. */
export const TENANT_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * Finds and creates tenants, and hands out entity managers scoped to one tenant. Tenant lookups are
 * cached: every inbound message needs one.
 *
 * @example
 * const tenant = await tenants.ensure({ slug: 'esempio', name: 'Comune di Esempio', enabledModules: ['base'] });
 * const em = tenants.scopedEm(tenant.id);
 */
export class TenantService {
  private readonly cache = new Map<string, TenantInfo>();

  constructor(private readonly db: Database) {}

  /** A fresh entity manager whose `tenant` filter is set: its queries cannot cross tenants. */
  scopedEm(tenantId: number): SqlEntityManager {
    const em = this.db.em.fork();
    em.setFilterParams('tenant', { id: tenantId });
    return em;
  }

  async bySlug(slug: string): Promise<TenantInfo | null> {
    const cached = this.cache.get(slug);
    if (cached) return cached;
    const row = await this.db.em.fork().findOne(Tenant, { slug });
    if (!row) return null;
    const info = tenantInfoOf(row);
    this.cache.set(slug, info);
    return info;
  }

  async byId(id: number): Promise<TenantInfo | null> {
    for (const info of this.cache.values()) if (info.id === id) return info;
    const row = await this.db.em.fork().findOne(Tenant, { id });
    return row ? this.bySlug(row.slug) : null;
  }

  async list(): Promise<TenantInfo[]> {
    const rows = await this.db.em.fork().find(Tenant, {}, { orderBy: { id: 'asc' } });
    return rows.map(tenantInfoOf);
  }

  /** Forgets cached tenants after a change (settings, modules, texts). */
  invalidate(slug?: string): void {
    if (slug) this.cache.delete(slug);
    else this.cache.clear();
  }

  /** Returns the tenant with this slug, creating it with its default categories if it does not exist. */
  async ensure(seed: TenantSeed): Promise<TenantInfo> {
    if (!TENANT_SLUG.test(seed.slug)) {
      throw new Error(`Tenant slug "${seed.slug}" is invalid: use 1-64 lowercase letters, digits and dashes.`);
    }
    const existing = await this.bySlug(seed.slug);
    if (existing) return existing;
    try {
      await this.create(seed);
    } catch (error) {
      // Another process created it at the same moment (two processes starting on an empty database): use theirs.
      if (!isUniqueViolation(error)) throw error;
    }
    const created = await this.bySlug(seed.slug);
    if (!created) throw new Error(`Tenant "${seed.slug}" vanished right after creation.`);
    return created;
  }

  /** The tenant row and its default categories, in one transaction. */
  private async create(seed: TenantSeed): Promise<void> {
    await this.db.em.fork().transactional(async (em) => {
      const tenant = em.create(Tenant, {
        slug: seed.slug,
        name: seed.name,
        locales: [...(seed.locales ?? ['it', 'en'])],
        timezone: seed.timezone ?? 'Europe/Rome',
        enabledModules: [...seed.enabledModules],
        settings: {},
      });
      for (const category of seed.categories ?? DEFAULT_CATEGORIES) {
        em.create(Category, { tenant, key: category.key, labels: { ...category.labels }, position: category.position, urgentByDefault: category.urgentByDefault, active: true });
      }
    });
  }
}

/** The cacheable snapshot of a tenant row. */
export function tenantInfoOf(row: Tenant): TenantInfo {
  const locales = row.locales.length > 0 ? row.locales : ['it'];
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    locales,
    defaultLocale: locales[0] ?? 'it',
    timezone: row.timezone,
    enabledModules: row.enabledModules,
    texts: row.settings.texts ?? {},
  };
}
