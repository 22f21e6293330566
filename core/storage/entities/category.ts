import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/**
 * A notice category citizens subscribe to (e.g. "protezione civile"). Labels per locale.
 *
 * @example
 * em.create(Category, { tenant, key: 'eventi', labels: { it: 'Eventi', en: 'Events' }, position: 1 });
 */
export const Category = defineEntity({
  name: 'Category',
  tableName: 'category',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'key'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    /** Stable slug used in deep links and button payloads: `[a-z0-9-]`, ≤ 32 chars. */
    key: p.string().length(32),
    labels: p.json<Record<string, string>>(),
    position: p.integer().default(0),
    /** Notices of this category go out as urgent unless the author says otherwise. */
    urgentByDefault: p.boolean().default(false),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type Category = InferEntity<typeof Category>;
