import type { TenantInfo } from '../tenancy/tenant-info.js';
import type { RetentionSettings } from './retention-settings.js';

/**
 * One run of the retention job for one tenant: what is older than each cutoff goes. Steps delete only
 * that tenant's rows, in batches of at most `batchSize` rows per statement.
 */
export interface RetentionWindow {
  readonly tenant: TenantInfo;
  /** The tenant's effective settings (`retentionOf(tenant.settings)`). */
  readonly settings: RetentionSettings;
  /** The job's clock: cutoffs are computed from it (tests inject it). */
  readonly now: Date;
  /** Conversation history created before this goes. */
  readonly conversationBefore: Date;
  /** Files people sent, received before this, go (rows and bytes). */
  readonly inboundMediaBefore: Date;
  /** Positions people shared before this go. */
  readonly locationBefore: Date;
  /** Most rows one delete statement may remove, so a large backlog never holds a long lock. */
  readonly batchSize: number;
}

/** What a step deleted, by what it calls the thing (`messages`, `files`…): counts only, never content. */
export type RetentionCounts = Readonly<Record<string, number>>;

/**
 * A retention step: deletes what its owner keeps about people that is older than the window allows,
 * for one tenant, and returns the counts for the log. Steps are called for every tenant, hourly, by
 * several processes at once on PostgreSQL: a delete must be idempotent (delete by condition, never
 * "the rows I saw"). Core registers its own; modules register theirs with `api.onRetention(step)`,
 * adapters with `runtime.onRetention(step)`.
 *
 * @example
 * api.onRetention(async ({ tenant, locationBefore, batchSize }) => ({
 *   positions: await deleteInBatches(api.services.tenants.scopedEm(tenant.id), ReportPosition, { tenant: tenant.id, createdAt: { $lt: locationBefore } }, { batchSize }),
 * }));
 */
export type RetentionStep = (window: RetentionWindow) => Promise<RetentionCounts | void>;
