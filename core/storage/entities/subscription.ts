import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Category } from './category.js';
import { Person } from './person.js';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/**
 * A person's interest in a category: they receive its notices.
 *
 * @example
 * em.create(Subscription, { tenant, person, category });
 */
export const Subscription = defineEntity({
  name: 'Subscription',
  tableName: 'subscription',
  filters: tenantScope,
  uniques: [{ properties: ['person', 'category'] }],
  indexes: [{ properties: ['category'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    person: p.manyToOne(Person).deleteRule('cascade'),
    category: p.manyToOne(Category).deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type Subscription = InferEntity<typeof Subscription>;
