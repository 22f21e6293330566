import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * One lease held by one Campanile process (`AdapterRuntime.leases`): e.g. `telegram:polling:<bot id>`,
 * so that exactly one process polls a bot. The holder renews `expiresAt` while alive; a lease whose
 * holder died expires and another process takes it; a released lease has no row. Not tenant-filtered:
 * what is owned (a bot) may serve several tenants, and processes work across tenants.
 *
 * @example
 * const lease = await em.findOne(ClusterLease, { key: 'telegram:polling:123456' });
 */
export const ClusterLease = defineEntity({
  name: 'ClusterLease',
  tableName: 'cluster_lease',
  properties: (p) => ({
    key: p.string().length(200).primary(),
    /** The holding process (`Leases.holder`: host:pid:random). */
    holder: p.string().length(64),
    /** Epoch ms when the lease ends unless renewed. */
    expiresAt: p.bigint('number'),
    /** Epoch ms when the current holder took it (kept across renewals). */
    acquiredAt: p.bigint('number'),
  }),
});
export type ClusterLease = InferEntity<typeof ClusterLease>;
