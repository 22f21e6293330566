// The internal barrel: everything core exports, for the composition root (admin-api), the scripts, the
// in-tree modules and the tests. Adapter and module authors import `campanile` (./index.ts) instead; what is
// here and not there may change in any release.
export * from './index.js';
export { inboundMediaKeeper, keepEveryInbound } from './media/inbound-media-keeper.js';

// --- everyday ---------------------------------------------------------------------------------------
export { createCampanile, type Campanile, type CampanileOptions, type CampanileStopOptions } from './campanile.js';
export { CONFIG_SCHEMA, ConfigError, loadConfig, slugify, tileUrlOrigin, DEFAULT_TILE_URL, DEFAULT_TILE_ATTRIBUTION, type CampanileConfig, type ConfigProblem } from './config.js';
export { notificationsFromEnv, readNotificationEnv, type NotificationEnvOptions } from './notices/notification-env.js';
export { createLogger, type Logger } from './log.js';
export { TurnContext, type MenuEntry, type CommandHelp, type FallbackOffer } from './engine/turn-context.js';
export { type Middleware, type NextFunction } from './engine/middleware.js';
export { markup, plain, joinText, toPlainText, textLength, interpolate, type FormattedText, type TextSpan } from './channel/formatted-text.js';

// --- module authors -----------------------------------------------------------------------------------
export type { FeatureModule, ModuleApi, CommandOptions, BackgroundService } from './module/feature-module.js';
export { moduleServices, type CoreServices, type ModuleServices, type JoinLinks } from './module/core-services.js';
export type { DialogDefinition, DialogControl, DialogStatus, DialogContext, Dialog, ActiveDialog } from './module/dialog.js';
export { ROLES, defineAdminRoute, type AdminRoute, type AdminRequest, type AdminReply, type AdminEventSink, type AdminStream, type AdminUpload, type AdminUploadSpec, type Permission, type Role, type JsonSchema } from './module/admin-route.js';
export { StringEnum, Nullable } from './module/schema-types.js';
export { serviceReplyFor, heldFileReply, type ModuleServiceError } from './module/module-replies.js';
export { CsvError, parseCsv, writeCsv } from './text/csv.js';
export { Composer, type With } from './engine/composer.js';
export { compose, passThrough } from './engine/middleware.js';
export { TurnError } from './engine/turn-error.js';
export { loadCatalogs, Translator, pickLocale, type Catalog, type Catalogs, type Vars } from './i18n/translator.js';
export { moduleStorage, adapterStorage, memoryStorage, type StateStorage, type ModuleStorage } from './storage/state-storage.js';
export { dialectMigration, type Dialect, type DialectStatements } from './storage/dialect-migration.js';
export { tenantScope } from './storage/entities/tenant-scope.js';
export type { RetentionStep, RetentionWindow, RetentionCounts } from './retention/retention-step.js';
export { deleteInBatches, type DeleteInBatchesOptions } from './retention/delete-in-batches.js';
export { DEFAULT_RETENTION, RETENTION_LIMITS, retentionOf, type RetentionSettings } from './retention/retention-settings.js';
export * from './storage/entities/index.js';
export type { TenantInfo } from './tenancy/tenant-info.js';
export { DEFAULT_CATEGORIES, type CategorySeed } from './tenancy/default-categories.js';
export { Messenger } from './engine/messenger.js';
export { MetricsRegistry, Counter, Gauge, Histogram, DEFAULT_BUCKETS } from './metrics/metrics-registry.js';
export { NotificationService, DEFAULT_NOTIFICATION_OPTIONS, type NotificationOptions } from './notices/notification-service.js';
export { NoticeService, NOTICE_LIMITS, type NoticeInput } from './notices/notice-service.js';
export { NoticeError, type NoticeErrorCode } from './notices/notice-errors.js';
export { zonedToUtc, utcToZoned } from './notices/zoned-time.js';
export { renderNotice, type RenderableNotice, type NoticeLabels } from './notices/render-notice.js';
export { localizedNotice, type TranslatableNotice } from './notices/localized-notice.js';
export type { MediaStore, StoredMedia, MediaCheck } from './media/media-store.js';
export { FsMediaStore } from './media/fs-media-store.js';
export { MediaLibrary } from './media/media-library.js';
export { MediaError, type MediaErrorCode } from './media/media-errors.js';
export { MEDIA_TYPES, checkMedia, sniffMediaType, type MediaMimeType } from './media/media-types.js';
export { INBOUND_MEDIA_TYPES, checkInboundMedia, type InboundMimeType } from './media/inbound-media-types.js';
export type { NoticeStats } from './stats/notice-stats.js';
export type { DeliveryCounts } from './stats/delivery-counts.js';
export type { TenantStats } from './stats/tenant-stats.js';
export type { OutboxEvents, DeliveryEvent } from './outbox/outbox-events.js';

// --- adapter authors ----------------------------------------------------------------------------------
export type { ChannelAdapter, AdapterRuntime, AdapterLogger, AdapterStopReason } from './channel/channel-adapter.js';
export { joinLinksOf, type JoinLink, type JoinRequest, type ChannelJoinLink } from './channel/join-link.js';
export type { AdapterPersistence } from './channel/adapter-persistence.js';
export type { AdapterMedia, StoredMediaCopy } from './media/inbound-media-keeper.js';
export {
  defineChannel, accountFields, checkAccountConfig, type ChannelFactory, type ChannelFactoryContext, type ChannelAccountInput, type BoundAdapter,
  type AccountFields, type FactoryEnv,
} from './channel/channel-factory.js';
export type { ChannelCapabilities, MediaLimit, RateLimit, RateLimits } from './channel/capabilities.js';
export type { ConversationRef } from './channel/conversation-ref.js';
export { conversationKey } from './channel/conversation-ref.js';
export { delivery, type DeliveryResult, type DeliveryStatus } from './channel/delivery-result.js';
export type { HttpRoute, HttpRequest, HttpResponse, HttpReceipt, SocketRoute, WebSocketLike } from './channel/http-route.js';
export { RouteTable, type RouteMatch, type Dispatched, type RouteTableOptions } from './channel/route-table.js';
export type {
  InboundMessage, InboundEvent, InboundKind, ChannelEvent, Sender, InboundMedia, MediaKind, TextInbound, CommandInbound,
  ButtonInbound, LocationInbound, MediaInbound, ContactInbound, UnsupportedInbound,
} from './channel/inbound.js';
export type { OutboundMessage, ChoiceButton, LinkButton, OutboundAttachment, MediaSource, TemplateRef } from './channel/outbound.js';
export { splitText, numberedChoices, choicesFit, truncateLabel } from './channel/fallbacks.js';
export { parseCommandText } from './channel/command-text.js';
export { FILE_TOO_BIG } from './engine/turn-router.js';
export { chain, type Transformer, type CallFn } from './channel/transformer.js';
export { sleep, WakeablePause } from './channel/sleep.js';
export { replyWindowOpen, type SendContext, type ChannelTexts } from './channel/send-context.js';
export { channelTexts, defaultChannelTexts } from './i18n/channel-texts.js';
export {
  signalHub, scopedSignals, encodeSignal, MAX_SIGNAL_BYTES, type ClusterSignals, type ClusterSignalBus, type SignalPayload,
  type SignalHandler, type SubscribeOptions, type Unsubscribe,
} from './cluster/cluster-signals.js';
export {
  memoryLeases, memoryLeaseTable, leasesOn, scopedLeases, checkLease, leaseHolderId, MAX_LEASE_KEY, type Leases, type Lease,
  type LeaseTable, type LeaseArgs, type MemoryLeaseRows,
} from './cluster/leases.js';
export { LiveFeed, type LiveFeedParser } from './cluster/live-feed.js';
export { LeaseKeeper, LEASE_RELEASED_TOPIC, type LeaseKeeperOptions, type LeaseKeeperEvents, type LeaseEndReason } from './cluster/lease-keeper.js';
export { memoryRecipientQuota, type RecipientQuota, type QuotaRequest, type QuotaDecision } from './channel/recipient-quota.js';
export { advanceReceipt, receiptAdvances, type ReceiptState } from './channel/delivery-receipt.js';
export { templateFor, channelTemplates, type TemplateSpec, type ChannelTemplates, type TemplatePurpose } from './channel/template-mapping.js';

// --- internal (composition root, HTTP server, tests) ----------------------------------------------
export { Engine, MAX_INBOUND_TEXT, type EngineEvents, type TurnDone } from './engine/engine.js';
export { KeyedQueue } from './engine/keyed-queue.js';
export { TypedEmitter } from './engine/typed-emitter.js';
export { ModuleRegistry } from './module/module-registry.js';
export { AdapterRegistry } from './channel/adapter-registry.js';
export { PeopleService, type PersonEraser } from './people/people-service.js';
export { TenantService, TENANT_SLUG, type TenantSeed } from './tenancy/tenant-service.js';
export { openDatabase, type Database, type DatabaseOptions } from './storage/database.js';
export { realSchemaDiff } from './storage/schema-diff.js';
export { coreMigrations } from './storage/migrations/index.js';
export { coreTexts } from './i18n/core-texts.js';
export { ProcessedEventPruner, PROCESSED_EVENT_RETENTION_MS } from './storage/processed-event-pruner.js';
export {
  RetentionJob, RETENTION_INTERVAL_MS, RETENTION_BATCH_SIZE, type RetentionJobOptions, type RetentionReport, type TenantRetentionReport,
} from './retention/retention-job.js';
export { messageLogRetention } from './retention/message-log-retention.js';
export { AudienceRollup, AUDIENCE_ROLLUP_INTERVAL_MS, localDay, type AudienceRollupReport } from './stats/audience-rollup.js';
export { noticeOutcome, noticeNotReached, shortIdOf, type NoticeOutcome as NoticeOutcomeCounts, type OutcomeCounts, type NotReachedRecipient, type NotReachedStatus } from './stats/notice-outcome.js';
export { audienceSeries, type AudienceSeries, type AudienceDayTotals } from './stats/audience-stats.js';
export { AudienceRecorder, recordErasure, UNKNOWN_CHANNEL } from './storage/audience-recorder.js';
export { Dispatcher, type DispatcherOptions } from './outbox/dispatcher.js';
export { RateLimiter } from './outbox/rate-limiter.js';
export { ChatSpacing } from './outbox/chat-spacing.js';
export { retryDelay } from './outbox/retry-delay.js';
export { DeliveryWorker, type DeliveryWorkerOptions } from './outbox/delivery-worker.js';
export { LaneSender, type LaneSenderOptions, type DeliveryPreparer } from './outbox/lane-sender.js';
export { sqlRunner, type SqlRunner, type SqlRow } from './storage/sql/sql-runner.js';
export { bumpAttempts, readAttempts, clearAttempts, pruneAttempts, type AttemptWindow } from './storage/sql/login-attempts.js';
export { findAdminSession, type AdminSessionRow } from './storage/sql/find-admin-session.js';
export { claimDeliveries, NO_FLOOR, type ClaimedDelivery, type ClaimFloorKey } from './storage/sql/claim-deliveries.js';
export { ClaimFloor, HEAD_CLAIM_INTERVAL_MS } from './outbox/claim-floor.js';
export { storedRecipientQuota } from './storage/recipient-quota-store.js';
export { storedLeases } from './storage/lease-store.js';
export { acquireLease, renewLease, releaseLease, sqlLeaseTable } from './storage/sql/cluster-leases.js';
export { PgClusterSignals, type PgClusterSignalsOptions, type PgClusterSignalsEvents } from './storage/pg-cluster-signals.js';
export { notifyChannel } from './storage/sql/notify-channel.js';
export { completeDeliveries } from './storage/sql/complete-deliveries.js';
export { failDeliveries, type FailureOutcome } from './storage/sql/fail-deliveries.js';
export { retryDeliveries } from './storage/sql/retry-deliveries.js';
export { reapDeliveries } from './storage/sql/reap-deliveries.js';
export { deactivateIdentities } from './storage/sql/deactivate-identities.js';
export { planChunk, countPlanned } from './storage/sql/plan-deliveries.js';
export { noticeStats } from './stats/notice-stats.js';
export { tenantStats } from './stats/tenant-stats.js';
export { isUniqueViolation } from './storage/unique-violation.js';
