import type { MigrationObject } from '@mikro-orm/core';
import { AdapterRegistry } from './channel/adapter-registry.js';
import type { AdapterStopReason, ChannelAdapter } from './channel/channel-adapter.js';
import { leaseHolderId, scopedLeases } from './cluster/leases.js';
import type { HttpRoute } from './channel/http-route.js';
import { RouteTable } from './channel/route-table.js';
import type { CampanileConfig } from './config.js';
import { Engine } from './engine/engine.js';
import { Messenger } from './engine/messenger.js';
import { coreTexts } from './i18n/core-texts.js';
import { Translator } from './i18n/translator.js';
import type { Logger } from './log.js';
import { MetricsRegistry } from './metrics/metrics-registry.js';
import { outboxMetrics } from './outbox/outbox-metrics.js';
import { OutboundQueue } from './outbox/outbound-queue.js';
import { sqlRunner } from './storage/sql/sql-runner.js';
import type { CoreServices } from './module/core-services.js';
import { joinLinksOf } from './channel/join-link.js';
import type { FeatureModule } from './module/feature-module.js';
import { ModuleRegistry } from './module/module-registry.js';
import { FsMediaStore } from './media/fs-media-store.js';
import type { MediaStore } from './media/media-store.js';
import { NotificationService, type NotificationOptions } from './notices/notification-service.js';
import { PeopleService } from './people/people-service.js';
import { openDatabase, type Database } from './storage/database.js';
import { ProcessedEventPruner } from './storage/processed-event-pruner.js';
import { storedLeases } from './storage/lease-store.js';
import { messageLogRetention } from './retention/message-log-retention.js';
import { RetentionJob, type RetentionJobOptions } from './retention/retention-job.js';
import { AudienceRollup } from './stats/audience-rollup.js';
import { storedRecipientQuota } from './storage/recipient-quota-store.js';
import { PgClusterSignals } from './storage/pg-cluster-signals.js';
import { scopedSignals, signalHub, type ClusterSignalBus } from './cluster/cluster-signals.js';
import { coreEntities } from './storage/entities/index.js';
import { coreMigrations } from './storage/migrations/index.js';
import { adapterStorage } from './storage/state-storage.js';
import type { TenantInfo } from './tenancy/tenant-info.js';
import { TENANT_SLUG, TenantService } from './tenancy/tenant-service.js';
import type { AdapterPersistence } from './channel/adapter-persistence.js';
import { inboundMediaKeeper } from './media/inbound-media-keeper.js';
import type { ChannelFactory } from './channel/channel-factory.js';

export interface CampanileOptions {
  readonly config: CampanileConfig;
  readonly log: Logger;
  readonly modules: readonly FeatureModule[];
  /** Adapters, each optionally bound to one tenant slug (a comune's own bot). */
  readonly adapters: readonly { adapter: ChannelAdapter; tenant?: string }[];
  /**
   * The channels this deployment registers (factories): their tables are created at start, and the admin
   * API builds stored accounts, their schemas and the channel form from them. Default none.
   */
  readonly channels?: readonly ChannelFactory[];
  /** PostgreSQL schema (tests give each test its own). */
  readonly pgSchema?: string;
  /** Notification engine tuning (poll intervals, limits, clock); wins over `config.notifications` (the environment). Tests make it fast. */
  readonly notifications?: Partial<NotificationOptions>;
  /** Where notice media are kept; default the filesystem at `config.mediaDir`. */
  readonly mediaStore?: MediaStore;
  /**
   * Signals between processes; default LISTEN/NOTIFY on PostgreSQL, none on SQLite. Tests pass a
   * `signalHub()` member to play the other process. Closed on stop.
   */
  readonly signals?: ClusterSignalBus;
  /** Retention job tuning (interval, rows per delete statement); the retention itself is per tenant, in its settings. */
  readonly retention?: RetentionJobOptions;
}

/** A running Campanile: the engine, its database and everything wired together. */
export interface Campanile {
  /** The configuration it was created with. */
  readonly config: CampanileConfig;
  readonly db: Database;
  readonly engine: Engine;
  readonly services: CoreServices;
  readonly modules: ModuleRegistry;
  readonly adapters: AdapterRegistry;
  /** The registered channel factories, in the order given. */
  readonly channels: readonly ChannelFactory[];
  readonly defaultTenant: TenantInfo;
  /** Prometheus metrics: any component adds its counters and gauges here; the admin API serves `/metrics`. */
  readonly metrics: MetricsRegistry;
  /** Notices, media, the delivery outbox and statistics. */
  readonly notifications: NotificationService;
  /** Adapters' webhook routes now served (attached adapters' included, detached ones' gone). */
  readonly routes: readonly HttpRoute[];
  /** The live table of adapters' routes: the HTTP server's dispatcher looks every request up here. */
  readonly routeTable: RouteTable;
  /** Starts adapters (polling, sockets) and modules' background services. */
  start(): Promise<void>;
  /**
   * Adds an adapter while Campanile runs (a channel account created through the admin API): starts it
   * with the same runtime `start()` gives (when Campanile has started), registers it for the engine, the
   * messenger and the outbox lanes, and serves its routes. Throws, leaving nothing behind, when its
   * tenant, account name or a route is taken, or when it does not start (a wrong token).
   *
   * @example
   * await campanile.attachAdapter(new TelegramAdapter({ tenant: 'esempio', account: 'eventi', token }), { tenant: 'esempio' });
   */
  attachAdapter(adapter: ChannelAdapter, options?: { tenant?: string }): Promise<void>;
  /**
   * Removes the adapter of `channel`/`account` bound to `tenant` (none: the one serving every tenant):
   * unserves its routes, releases its outbox lanes (pending deliveries stay pending until an adapter for
   * the account is attached again) and stops it with `reason` (default `detach`: the account was
   * deactivated, deleted or changed, so the adapter undoes its channel-side registration, e.g. Telegram's
   * webhook; pass `shutdown` when the process is stopping and the account stays). Returns false when no
   * such adapter runs.
   *
   * @example
   * await campanile.detachAdapter('telegram', 'eventi', 'esempio');
   */
  detachAdapter(channel: string, account: string, tenant?: string, options?: { reason?: AdapterStopReason }): Promise<boolean>;
  /**
   * Stops everything in reverse order and closes the database. Turns in progress finish first (their
   * replies reach the outbox, and this process's lanes send what they were handed), waited for at most `drainMs`
   * (default: no bound); then the scheduler and the lanes stop (sends in flight finish, outcomes are
   * committed, lanes are released for the other processes at once), then adapters, signals, database.
   * Stops once: calling it again returns the first call's promise.
   *
   * @example
   * await fastify.close(); // no new webhooks
   * await campanile.stop({ drainMs: 5000 });
   */
  stop(options?: CampanileStopOptions): Promise<void>;
}

/** How `Campanile.stop` bounds the wait for turns in progress. */
export interface CampanileStopOptions {
  /**
   * Longest wait for the engine's turns in progress, and then as long again for their replies' first
   * outcomes (sent before the lanes stop). Unset: waits for the turns however long, not for the replies.
   */
  readonly drainMs?: number;
}

/**
 * The composition root of the engine: opens the database and applies migrations, creates the default
 * tenant, registers modules and adapters. It receives adapters and modules as values, so `core/`
 * imports nothing from the folders above it.
 *
 * @example
 * const app = await createCampanile({ config: loadConfig(process.env), log, modules: allModules, adapters: [{ adapter: memory }] });
 * await app.start();
 */
export async function createCampanile(options: CampanileOptions): Promise<Campanile> {
  const { config, log } = options;
  const channels = options.channels ?? [];
  const migrations: MigrationObject[] = [
    ...coreMigrations,
    ...options.modules.flatMap((m) => m.migrations ?? []),
    // Two accounts of one channel share its tables: each migration once.
    ...new Map([...channels.flatMap((f) => f.migrations ?? []), ...options.adapters.flatMap(({ adapter }) => adapter.migrations ?? [])].map((m) => [m.name, m])).values(),
  ];
  const db = await openDatabase({
    url: config.databaseUrl,
    sqlitePath: config.sqlitePath,
    pgSchema: options.pgSchema,
    entities: [
      ...coreEntities,
      ...options.modules.flatMap((m) => m.entities ?? []),
      ...new Set([...channels.flatMap((f) => f.entities ?? []), ...options.adapters.flatMap(({ adapter }) => adapter.entities ?? [])]),
    ],
    migrations,
  });
  const applied = await db.migrate();
  if (applied.length > 0) log.info({ applied }, 'database migrations applied');

  const translator = new Translator([coreTexts, ...options.modules.map((m) => m.texts ?? {})]);
  const tenants = new TenantService(db);
  const people = new PeopleService();
  const adapters = new AdapterRegistry();
  for (const { adapter, tenant } of options.adapters) adapters.add(adapter, tenant ? { tenant } : {});
  const notifications = new NotificationService({
    db, tenants, adapters, translator, log: log.child({ component: 'notifications' }),
    mediaStore: options.mediaStore ?? new FsMediaStore(config.mediaDir),
    options: notificationOptions(config, options.notifications),
  });
  const signals = options.signals ?? clusterSignals(db, config, options.pgSchema, log);
  // Replies and direct messages: the same outbox and lanes as notices (one budget per account).
  const outbound = new OutboundQueue({
    sql: sqlRunner(db), worker: notifications.worker, events: notifications.events, signals, clock: notifications.options.clock,
    log: log.child({ component: 'outbound' }),
  });
  const messenger = new Messenger(tenants, outbound, log.child({ component: 'messenger' }), translator);
  // Files people sent (voice notes, photos) go with them when they ask to be erased.
  people.addEraser(notifications.media.eraser);
  // And when they are past the tenant's retention, with the conversation history; modules and adapters add theirs.
  const retention = new RetentionJob(db, log.child({ component: 'retention' }), options.retention);
  retention.add('core:message-log', messageLogRetention(db));
  retention.add('core:media', notifications.media.retention);
  // The audience numbers' daily snapshot, summed hourly from the events the storage layer records.
  const audience = new AudienceRollup(db, log.child({ component: 'audience' }));
  // Before the modules: they may add their own series (`api.services.metrics`).
  const metrics = new MetricsRegistry();
  const joinLinks: CoreServices['joinLinks'] = (tenant, request) => joinLinksOf(adapters.bindings(), { ...request, tenant, origin: config.http.publicUrl ?? '' });
  const services: CoreServices = { db, log, translator, tenants, people, messenger, notifications, retention, audience, signals, metrics, joinLinks };
  const modules = new ModuleRegistry(services);
  for (const module of options.modules) await modules.register(module);

  const defaultTenant = await tenants.ensure({
    ...config.defaultTenant,
    enabledModules: options.modules.map((m) => m.name),
  });
  const engine = new Engine({ tenants, people, adapters, modules, translator, outbound, sql: sqlRunner(db), log: log.child({ component: 'engine' }) });
  const started: { stop(): Promise<void> }[] = [];
  // Every adapter, the ones given and the ones attached since; detached ones leave.
  const bound: { adapter: ChannelAdapter; tenant?: string }[] = [...options.adapters];
  const webhookRefused = metrics.counter('campanile_webhook_refused_total', 'Webhook requests an adapter refused (4xx: 401/403 a failed signature or secret), by channel and status', ['channel', 'status']);
  const inbound = metrics.counter('campanile_inbound_events_total', 'Inbound messages handled by the engine, by tenant and outcome', ['tenant', 'outcome']);
  engine.events.on('turn:done', (done) => inbound.inc({ tenant: done.outcome === 'unknown-tenant' ? '_unknown' : done.tenant, outcome: done.outcome }));
  // Delivery receipts (WhatsApp status callbacks) update the outbox row that sent the message.
  engine.events.on('channel-event', (event, tenant) => {
    notifications.onChannelEvent(event, tenant).catch((error: unknown) => log.error({ err: error, event: event.id }, 'delivery receipt not applied'));
  });
  outboxMetrics(metrics, notifications.events, sqlRunner(db));
  // One holder id per Campanile instance (per process in production; tests run two in one process).
  const leases = storedLeases(sqlRunner(db), { holder: leaseHolderId() });
  // Webhook events enter through the table, as polled ones through the runtime: both reach engine.handle.
  const routeTable = new RouteTable({
    deliver: (event) => engine.handle(event),
    onError: (error, event) => log.error({ err: error, event: event.id, channel: event.ref.channel }, 'webhook event failed'),
    // Refused requests by channel and status: a run of 401/403 is a wrong secret or someone forging webhooks.
    onAnswered: (status, owner) => {
      if (status >= 400 && status < 500) webhookRefused.inc({ channel: (owner as Partial<ChannelAdapter>).channel ?? 'unknown', status: String(status) });
    },
  });
  for (const adapter of new Set(options.adapters.map(({ adapter }) => adapter))) routeTable.add(adapter, adapter.routes ?? []);
  // Modules' public routes (Open311) are served like webhooks: raw body, no admin session.
  routeTable.add(modules, modules.publicRoutes);
  const knownMigrations = new Set(migrations.map((m) => m.name));
  // Adapters started, in start order: stopped in reverse after the services (which send through them).
  const running: ChannelAdapter[] = [];
  let live = false;
  let stopping: Promise<void> | undefined;

  // The retention owner of each started adapter: its steps go when it stops.
  const retentionOwners = new Map<ChannelAdapter, string>();

  // What adapters get of the database and the media store: the narrow ports, not the services.
  const persistence: AdapterPersistence = {
    tenant: (slug) => (TENANT_SLUG.test(slug) ? tenants.bySlug(slug) : Promise.resolve(null)),
    em: (tenantId) => tenants.scopedEm(tenantId),
  };
  const media = inboundMediaKeeper(persistence.tenant, notifications.media, log.child({ component: 'inbound-media' }));

  const startAdapter = async (adapter: ChannelAdapter, slug: string | undefined): Promise<void> => {
    if (!adapter.start || running.includes(adapter)) return;
    // Adapter state (upload handles, long button payloads) lives with the tenant the adapter serves.
    const owner = (slug ? await tenants.bySlug(slug) : null) ?? defaultTenant;
    const storage = adapterStorage(() => tenants.scopedEm(owner.id), owner.id, `adapter:${adapter.channel}:${adapter.account}`);
    const retentionOwner = `adapter:${adapter.channel}:${adapter.account}${slug ? `@${slug}` : ''}`;
    try {
      await adapter.start({
        deliver: (event) => engine.handle(event),
        accept: (event) => engine.accept(event),
        log: log.child({ channel: adapter.channel, account: adapter.account }),
        storage,
        // Per channel account key, not per process: every process sending for one number shares the count.
        recipientQuota: storedRecipientQuota(sqlRunner(db), { tenantId: owner.id, channel: adapter.channel }),
        signals: scopedSignals(signals, `${adapter.channel}:${adapter.account}`),
        // Per channel, not per account: two accounts of one bot must meet on one key.
        leases: scopedLeases(leases, adapter.channel),
        media,
        persistence,
        onErase: (eraser) => people.addEraser(eraser),
        onRetention: (step) => retention.add(retentionOwner, step),
      });
    } catch (error) {
      // An adapter that did not start (a wrong token) leaves no retention step behind.
      retention.remove(retentionOwner);
      throw error;
    }
    retentionOwners.set(adapter, retentionOwner);
    running.push(adapter);
  };
  const stopAdapter = async (adapter: ChannelAdapter, reason: AdapterStopReason): Promise<void> => {
    const at = running.indexOf(adapter);
    if (at < 0) return;
    running.splice(at, 1);
    const retentionOwner = retentionOwners.get(adapter);
    if (retentionOwner) retention.remove(retentionOwner);
    retentionOwners.delete(adapter);
    await adapter.stop?.(reason).catch((error: unknown) => log.error({ err: error, channel: adapter.channel, account: adapter.account }, 'adapter stop failed'));
  };

  return {
    config, db, engine, services, modules, adapters, channels, defaultTenant, metrics, notifications, routeTable,
    get routes() {
      return routeTable.all();
    },
    async attachAdapter(adapter, { tenant } = {}) {
      // Tables are created by migrations at open: an adapter bringing new ones needs a restart.
      const unknown = (adapter.migrations ?? []).filter((m) => !knownMigrations.has(m.name)).map((m) => m.name);
      if (unknown.length) throw new Error(`The ${adapter.channel} adapter needs migrations not applied at start (${unknown.join(', ')}): restart Campanile to add it.`);
      if (tenant && !(await tenants.bySlug(tenant))) throw new Error(`No tenant "${tenant}": create it before adding its channel accounts.`);
      adapters.add(adapter, tenant ? { tenant } : {});
      try {
        routeTable.add(adapter, adapter.routes ?? []);
      } catch (error) {
        adapters.remove(adapter.channel, adapter.account, tenant);
        throw error;
      }
      try {
        if (live) await startAdapter(adapter, tenant);
      } catch (error) {
        routeTable.remove(adapter);
        adapters.remove(adapter.channel, adapter.account, tenant);
        // It never ran: leave the channel as it was (a webhook another process or a restart relies on).
        await adapter.stop?.('shutdown').catch(() => undefined);
        throw error;
      }
      bound.push({ adapter, ...(tenant ? { tenant } : {}) });
      // Pending deliveries of this account (queued while it was away) get a lane at once.
      notifications.worker.notify();
      log.info({ channel: adapter.channel, account: adapter.account, tenant }, 'channel adapter attached');
    },
    async detachAdapter(channel, account, tenant, { reason = 'detach' } = {}) {
      const adapter = adapters.remove(channel, account, tenant);
      if (!adapter) return false;
      routeTable.remove(adapter);
      const at = bound.findIndex((b) => b.adapter === adapter);
      if (at >= 0) bound.splice(at, 1);
      // Sends in flight finish through the adapter before it stops.
      await notifications.worker.releaseAdapter(adapter);
      await stopAdapter(adapter, reason);
      log.info({ channel, account, tenant, reason }, 'channel adapter detached');
      return true;
    },
    async start() {
      live = true;
      for (const { adapter, tenant: slug } of bound) await startAdapter(adapter, slug);
      // After the adapters (deliveries need them), before modules; stopped first, in reverse order.
      await notifications.start();
      started.push(notifications);
      const unlisten = await outbound.listen();
      started.push({ stop: async () => { outbound.close(); await unlisten(); } });
      for (const service of [new ProcessedEventPruner(db), retention, audience, ...modules.services]) {
        await service.start();
        started.push(service);
      }
    },
    stop(options = {}) {
      // Once: a second call (a second signal, a test's teardown after the test stopped it) gets the first's promise.
      stopping ??= stopAll(options);
      return stopping;
    },
  };

  async function stopAll({ drainMs }: CampanileStopOptions): Promise<void> {
    live = false;
    // Turns in progress first, while the lanes still run: a turn's replies are committed with it and handed
    // to this process's lane (stopping the lanes below lets those sends finish), so a person who wrote just
    // before the shutdown gets the answer now rather than from another process after a lease expires.
    const turnsDone = await settlesWithin(engine.drainTurns(), drainMs);
    // Then, within the same bound, their replies' first outcomes, when this process dispatches (else none
    // would come here): sent from this process's lanes, or seen sent by the process owning the lane. Only
    // with a bound: a lane owned by a process that just died answers only after its lease.
    const repliesDone = turnsDone && (drainMs === undefined || !notifications.options.dispatch || (await settlesWithin(engine.drain(), drainMs)));
    if (!repliesDone) log.warn({ drainMs, turnsDone }, 'turns or replies still in progress at shutdown: their replies stay in the outbox for the next process');
    for (const item of started.reverse()) await item.stop().catch((error: unknown) => log.error({ err: error }, 'stop failed'));
    started.length = 0;
    for (const adapter of [...running].reverse()) await stopAdapter(adapter, 'shutdown');
    await settlesWithin(engine.drain(), drainMs);
    // After the adapters, which unsubscribe and may publish while they stop.
    await signals.close().catch((error: unknown) => log.error({ err: error }, 'cluster signals not closed'));
    await db.close();
  }
}

/**
 * Signals between the processes sharing this database: LISTEN/NOTIFY on PostgreSQL, namespaced by schema
 * (NOTIFY channels span the whole database, and tests put one Campanile per schema in it); on SQLite a
 * hub of one member, which reaches no one, since a SQLite file has one Campanile process.
 */
function clusterSignals(db: Database, config: CampanileConfig, pgSchema: string | undefined, log: Logger): ClusterSignalBus {
  if (db.dialect !== 'postgresql' || !config.databaseUrl) return signalHub().member();
  return new PgClusterSignals({
    connectionString: config.databaseUrl, namespace: `campanile:${pgSchema ?? 'public'}`, sql: sqlRunner(db), log: log.child({ component: 'signals' }),
  });
}

/** Environment settings (`config.notifications`) overridden by the code's; rate overrides merged per channel. */
function notificationOptions(config: CampanileConfig, code: Partial<NotificationOptions> = {}): Partial<NotificationOptions> {
  const env = config.notifications ?? {};
  const rateLimits = env.rateLimits || code.rateLimits ? { ...env.rateLimits, ...code.rateLimits } : undefined;
  return { ...env, ...code, ...(rateLimits ? { rateLimits } : {}) };
}

/** Whether `work` settled within `ms` (undefined: waits for it, however long). */
async function settlesWithin(work: Promise<unknown>, ms: number | undefined): Promise<boolean> {
  if (ms === undefined) {
    await work;
    return true;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
