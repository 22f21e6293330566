import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';
import { StaffGroup } from '../../staff/index.js';

/**
 * A calendar feed's secret URL: of the whole comune (`group` null) or of one group. Only the token's
 * SHA-256 is kept; revoking it makes the URL answer 404 at once.
 */
export const TaskFeed = defineEntity({
  name: 'TaskFeed',
  tableName: 'tasks_feed',
  filters: tenantScope,
  uniques: [{ properties: ['tokenHash'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    group: p.manyToOne(StaffGroup).nullable().deleteRule('cascade').index(),
    tokenHash: p.string().length(64),
    createdAt: p.datetime().onCreate(() => new Date()),
    revokedAt: p.datetime().nullable(),
  }),
});
export type TaskFeed = InferEntity<typeof TaskFeed>;
