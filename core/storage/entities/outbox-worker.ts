import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * A live dispatcher process, renewed on every heartbeat. Lane owners read the count of live workers to
 * keep their fair share of lanes (ceil(lanes / workers)) and hand the surplus over.
 *
 * @example
 * const live = await em.count(OutboxWorker, { seenAt: { $gt: Date.now() - leaseMs } });
 */
export const OutboxWorker = defineEntity({
  name: 'OutboxWorker',
  tableName: 'outbox_worker',
  properties: (p) => ({
    id: p.string().length(64).primary(),
    /** Epoch ms of the last heartbeat. */
    seenAt: p.bigint('number'),
  }),
});
export type OutboxWorker = InferEntity<typeof OutboxWorker>;
