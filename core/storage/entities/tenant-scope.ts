/**
 * The `tenant` filter every tenant-owned entity carries. It is on by default and needs its argument,
 * so a query run without a tenant fails loudly instead of crossing tenants. Cross-tenant work (the
 * scheduler, the dispatcher) says so explicitly with `filters: { tenant: false }`.
 *
 * @example
 * const em = orm.em.fork();
 * em.setFilterParams('tenant', { id: tenant.id });
 * await em.find(Person, {}); // only this tenant's people
 */
export const tenantScope = {
  tenant: {
    name: 'tenant',
    cond: (args: { id: number }) => ({ tenant: args.id }),
    default: true,
  },
} as const;
