import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant } from '../../../core/internal.js';

/**
 * The last report number given per tenant and year, advanced by one upsert (`next-report-code.ts`),
 * so two processes never give the same code.
 */
export const ReportCounter = defineEntity({
  name: 'ReportCounter',
  tableName: 'reports_counter',
  properties: (p) => ({
    tenant: p.manyToOne(Tenant).deleteRule('cascade').primary(),
    year: p.integer().primary(),
    last: p.integer(),
  }),
});
export type ReportCounter = InferEntity<typeof ReportCounter>;
