import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * Ownership of one dispatch lane (tenant × channel account): only the owner claims its rows, so several
 * processes never exceed the lane's rate budget together. The owner renews `expiresAt` while alive; a
 * lane whose lease expired (its owner died) is taken over by another process. Not tenant-filtered:
 * dispatchers work across tenants.
 *
 * @example
 * const lanes = await em.find(OutboxLane, { owner: workerId });
 */
export const OutboxLane = defineEntity({
  name: 'OutboxLane',
  tableName: 'outbox_lane',
  properties: (p) => ({
    lane: p.string().length(160).primary(),
    owner: p.string().length(64).nullable(),
    /** Epoch ms when the owner's lease ends. */
    expiresAt: p.bigint('number').default(0),
  }),
});
export type OutboxLane = InferEntity<typeof OutboxLane>;
