import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/**
 * A citizen or staff member, as the comune knows them: no name, no phone, just a locale. Channel
 * identities, subscriptions and history hang on the person. Persons are never merged automatically.
 *
 * @example
 * const person = em.create(Person, { tenant, locale: 'it' });
 */
export const Person = defineEntity({
  name: 'Person',
  tableName: 'person',
  filters: tenantScope,
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    locale: p.string().length(16),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastSeenAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type Person = InferEntity<typeof Person>;
