import debug from 'debug';
import type { AdapterRegistry } from '../channel/adapter-registry.js';
import type { ChannelEvent } from '../channel/inbound.js';
import { TypedEmitter } from '../engine/typed-emitter.js';
import type { Translator } from '../i18n/translator.js';
import type { Logger } from '../log.js';
import { MediaLibrary } from '../media/media-library.js';
import type { MediaStore } from '../media/media-store.js';
import { DeliveryWorker, type DeliveryWorkerOptions } from '../outbox/delivery-worker.js';
import type { OutboxEvents } from '../outbox/outbox-events.js';
import { noticeStats, type NoticeStats } from '../stats/notice-stats.js';
import { deliveryCounts, type DeliveryCounts } from '../stats/delivery-counts.js';
import { tenantStats, type TenantStats } from '../stats/tenant-stats.js';
import type { Database } from '../storage/database.js';
import type { FailureOutcome } from '../storage/sql/fail-deliveries.js';
import { countAudience } from '../storage/sql/count-audience.js';
import { deactivateIdentities } from '../storage/sql/deactivate-identities.js';
import { applyReceipt, type AppliedReceipt } from '../storage/sql/receipt-deliveries.js';
import { sqlRunner, type SqlRunner } from '../storage/sql/sql-runner.js';
import type { TenantInfo } from '../tenancy/tenant-info.js';
import type { TenantService } from '../tenancy/tenant-service.js';
import { NoticeMessages } from './notice-messages.js';
import { NoticePlanner } from './notice-planner.js';
import { NoticeScheduler } from './notice-scheduler.js';
import { NoticeService } from './notice-service.js';

const log = debug('campanile:notifications');

/** Everything tunable in the notification engine; `createCampanile({ notifications })` overrides any of it. */
export interface NotificationOptions extends DeliveryWorkerOptions {
  /** Scheduler pass: due notices, resumed plannings, finished notices. */
  readonly schedulerIntervalMs: number;
  /**
   * Largest planning chunk (channel identities per INSERT … SELECT; planning starts at 1,000 and doubles).
   * Default 50,000 on PostgreSQL, 5,000 on SQLite (see core/storage/sql/plan-deliveries.ts).
   */
  readonly planChunkSize?: number;
  /** A planning whose planner stopped renewing for this long is resumed elsewhere. */
  readonly planLeaseMs: number;
  /** Epoch ms clock (tests inject a fake one). */
  readonly clock: () => number;
  /** False: this process plans and schedules but sends nothing (an admin-only process). */
  readonly dispatch: boolean;
}

/**
 * Defaults for production. The in-flight bound (`maxUnconfirmed`) is the duplicate window after a crash;
 * see docs/notification-engine.md.
 */
export const DEFAULT_NOTIFICATION_OPTIONS: NotificationOptions = {
  pollIntervalMs: 1000, laneTickMs: 1000, laneLeaseMs: 15_000, rowLeaseMs: 60_000, reapIntervalMs: 10_000,
  batchSize: 1000, claimAheadMs: 250, concurrency: 32, maxUnconfirmed: 2000, flushBatch: 500, flushDelayMs: 20,
  maxAttempts: 5, backoffBaseMs: 2000, backoffMaxMs: 300_000, sendTimeoutMs: 20_000, asyncCommit: true, maxReplyAgeMs: 600_000,
  schedulerIntervalMs: 1000, planLeaseMs: 30_000, clock: Date.now, dispatch: true,
};

/**
 * The notification engine as one service: notices (draft → scheduled → sending → sent), media, the
 * durable outbox with its dispatcher and scheduler, and statistics. On the Campanile object and in
 * `CoreServices` as `notifications`; started and stopped with the app.
 *
 * @example
 * const notice = await app.notifications.notices.create(tenant, { categoryKey: 'eventi', title: 'Sagra', text: '…' });
 * await app.notifications.notices.send(tenant, notice.id);
 * const stats = await app.notifications.noticeStats(tenant, notice.id);
 */
export class NotificationService {
  readonly events = new TypedEmitter<OutboxEvents>();
  readonly notices: NoticeService;
  readonly media: MediaLibrary;
  readonly worker: DeliveryWorker;
  readonly scheduler: NoticeScheduler;
  readonly options: NotificationOptions;
  private readonly sql: SqlRunner;
  private readonly messages: NoticeMessages;
  private started = false;

  constructor(deps: {
    readonly db: Database;
    readonly tenants: TenantService;
    readonly adapters: AdapterRegistry;
    readonly translator: Translator;
    readonly mediaStore: MediaStore;
    readonly log: Logger;
    readonly options?: Partial<NotificationOptions>;
  }) {
    const options = { ...DEFAULT_NOTIFICATION_OPTIONS, ...deps.options };
    this.options = options;
    const { db, tenants, adapters } = deps;
    const onError = (error: unknown) => deps.log.error({ err: error }, 'notification engine error');
    this.sql = sqlRunner(db);
    this.media = new MediaLibrary(db, deps.mediaStore);
    this.messages = new NoticeMessages({ db, media: deps.mediaStore, translator: deps.translator, adapters });
    this.worker = new DeliveryWorker({
      sql: this.sql, preparer: this.messages, events: this.events, options, clock: options.clock, onError,
      adapterFor: async (lane) => {
        const [tenantId, channel, account] = splitLane(lane);
        const tenant = await tenants.byId(tenantId);
        return tenant ? adapters.forRef({ tenant: tenant.slug, channel, account }) : undefined;
      },
    });
    const planner = new NoticePlanner({
      db, sql: this.sql, events: this.events, clock: options.clock, worker: this.worker.id, chunkSize: options.planChunkSize ?? defaultPlanChunkSize(db.dialect),
      onChunk: () => this.worker.notify(),
    });
    this.scheduler = new NoticeScheduler({
      sql: this.sql, planner, events: this.events, clock: options.clock, worker: this.worker.id,
      intervalMs: options.schedulerIntervalMs, leaseMs: options.planLeaseMs, onError,
      onFinished: (id) => this.messages.forget(id),
    });
    this.notices = new NoticeService({
      tenants, sql: this.sql, media: this.media, clock: options.clock,
      onSend: (id) => this.scheduler.startPlanning(id),
      onChange: (id) => this.messages.forget(id),
    });
  }

  /** Live delivery counts of one notice (by state, failure outcome and channel). */
  noticeStats(tenant: TenantInfo, noticeId: number): Promise<NoticeStats> {
    return noticeStats(this.sql, tenant.id, noticeId);
  }

  /** Delivery counts by state of several notices, in one query (the dashboard's recent notices). */
  deliveryCounts(tenant: TenantInfo, noticeIds: readonly number[]): Promise<Map<number, DeliveryCounts>> {
    return deliveryCounts(this.sql, tenant.id, noticeIds);
  }

  /**
   * Applies a channel's delivery receipt ('delivery-status' event, e.g. WhatsApp's status callbacks) to
   * the delivery that sent that message: never backwards (`advanceReceipt`), a failure after delivered
   * ignored, a failure of a `sent` delivery recorded as failed(window | gone | permanent). Wired to the
   * engine's 'channel-event' by `createCampanile`; other event kinds are ignored here.
   *
   * @example
   * engine.events.on('channel-event', (event, tenant) => void notifications.onChannelEvent(event, tenant));
   */
  async onChannelEvent(event: ChannelEvent, tenant: TenantInfo): Promise<AppliedReceipt | null> {
    if (event.kind !== 'delivery-status') return null;
    const lane = `${tenant.id}:${event.ref.channel}:${event.ref.account}`;
    const failure = event.status === 'failed' ? receiptFailure(event.reason) : undefined;
    const applied = await applyReceipt(this.sql, {
      lane, messageId: event.messageId, status: event.status, at: event.at.getTime(), now: this.options.clock(),
      ...(failure ? { failure } : {}),
    });
    if (!applied) return null;
    if (applied.outcome === 'gone') {
      await deactivateIdentities(this.sql, [{ identityId: applied.identityId, reason: 'unknown' }]);
    }
    log('receipt %s for delivery %d%s', applied.receipt, applied.deliveryId, applied.outcome ? ` → failed(${applied.outcome})` : '');
    this.events.emit('delivery:receipt', {
      deliveryId: applied.deliveryId, noticeId: applied.noticeId, receipt: applied.receipt, ...(applied.outcome ? { outcome: applied.outcome } : {}),
    });
    return applied;
  }

  /** People, active identities per channel, subscribers per category, notices per day. */
  tenantStats(tenant: TenantInfo, options: { days?: number } = {}): Promise<TenantStats> {
    return tenantStats(this.sql, { tenantId: tenant.id, timezone: tenant.timezone, now: this.options.clock(), ...options });
  }

  /** How many identities a notice of this category would reach now (shown before sending). */
  async audience(tenant: TenantInfo, categoryId: number): Promise<number> {
    return countAudience(this.sql, { tenantId: tenant.id, categoryId });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.options.dispatch) await this.worker.start();
    await this.scheduler.start();
    log('started as %s', this.worker.id);
  }

  /** Stops scheduling and dispatching; sends in flight finish and their outcomes are committed. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.scheduler.stop();
    if (this.options.dispatch) await this.worker.stop();
  }
}

/** Planning chunk cap per dialect; measured numbers in core/storage/sql/plan-deliveries.ts. */
export function defaultPlanChunkSize(dialect: Database['dialect']): number {
  return dialect === 'postgresql' ? 50_000 : 5_000;
}

/** A failed receipt's reason (the adapter's classification) → the delivery's failure outcome. */
function receiptFailure(reason: string | undefined): { outcome: FailureOutcome; reason: string } {
  if (reason === 'window-closed') return { outcome: 'window', reason: 'outside the reply window (reported by the channel after sending)' };
  if (reason === 'recipient-gone') return { outcome: 'gone', reason: 'unknown' };
  return { outcome: 'permanent', reason: `the channel reported the message failed: ${reason ?? 'no reason given'}` };
}

function splitLane(lane: string): [number, string, string] {
  const first = lane.indexOf(':');
  const second = lane.indexOf(':', first + 1);
  return [Number(lane.slice(0, first)), lane.slice(first + 1, second), lane.slice(second + 1)];
}
