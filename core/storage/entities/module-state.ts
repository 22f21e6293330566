import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Person } from './person.js';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/**
 * Key-value rows behind the `StateStorage` port modules use for small state. A row tied to a person is
 * erased with them.
 *
 * @example
 * await storage.write('counter', { n: 1 });
 */
export const ModuleStateEntry = defineEntity({
  name: 'ModuleStateEntry',
  tableName: 'module_state',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'module', 'key'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    module: p.string().length(64),
    key: p.string().length(200),
    person: p.manyToOne(Person).deleteRule('cascade').nullable().index(),
    value: p.json<unknown>(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type ModuleStateEntry = InferEntity<typeof ModuleStateEntry>;
