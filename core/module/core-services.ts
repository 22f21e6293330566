import type { Logger } from '../log.js';
import type { Database } from '../storage/database.js';
import type { Translator } from '../i18n/translator.js';
import type { Messenger } from '../engine/messenger.js';
import type { TenantService } from '../tenancy/tenant-service.js';
import type { PeopleService } from '../people/people-service.js';
import type { NotificationService } from '../notices/notification-service.js';
import type { RetentionJob } from '../retention/retention-job.js';
import type { AudienceRollup } from '../stats/audience-rollup.js';
import type { MediaLibrary } from '../media/media-library.js';
import { scopedSignals, type ClusterSignals } from '../cluster/cluster-signals.js';
import type { MetricsRegistry } from '../metrics/metrics-registry.js';
import type { ChannelJoinLink, JoinRequest } from '../channel/join-link.js';

/** Join links of the channels serving a comune, with a payload (deep links) or a text (WhatsApp); origin is `PUBLIC_URL`. */
export type JoinLinks = (tenant: string, request: Omit<JoinRequest, 'tenant' | 'origin'>) => ChannelJoinLink[];

/**
 * Every core service, as the composition root (`createCampanile`) builds them and the admin API uses
 * them (`campanile.services`). Modules get the narrower `ModuleServices`.
 *
 * @example
 * const report = await campanile.services.retention.runOnce(new Date());
 * const stats = await campanile.services.notifications.tenantStats(tenant.id);
 */
export interface CoreServices {
  readonly db: Database;
  readonly log: Logger;
  readonly translator: Translator;
  readonly tenants: TenantService;
  readonly people: PeopleService;
  readonly messenger: Messenger;
  /** Notices, media, outbox and statistics (admin routes call `notices`, `media`, `noticeStats`, `tenantStats`). */
  readonly notifications: NotificationService;
  /** Deletes what is past each tenant's retention, hourly; `runOnce(now)` runs it now. */
  readonly retention: RetentionJob;
  /** Sums audience events into the daily snapshot, hourly; `runOnce(now)` runs it now. */
  readonly audience: AudienceRollup;
  /** Hints between the processes sharing the database (LISTEN/NOTIFY on PostgreSQL, none on SQLite). */
  readonly signals: ClusterSignals;
  /** Prometheus series; the admin API serves them at `/metrics`. */
  readonly metrics: MetricsRegistry;
  readonly joinLinks: JoinLinks;
}

/**
 * What a module may use outside a turn (admin routes, retention steps, background jobs): `api.services`.
 * Deliberately narrow: no database handle (tenant data goes through a tenant-scoped `em`), no outbox
 * worker or retention job (a module registers with `api.onRetention`), no notice engine. A message to a
 * person outside a turn goes through `messenger`, the one outbound path (outbox, rate budget, history).
 *
 * @example
 * const tenant = await api.services.tenants.bySlug('esempio');
 * await api.services.messenger.send(tenant, identityId, { text: plain('La tua segnalazione è chiusa') });
 */
export interface ModuleServices {
  readonly log: Logger;
  readonly translator: Translator;
  /** Tenant lookup and a tenant-scoped `em` (its queries cannot cross tenants). */
  readonly tenants: Pick<TenantService, 'bySlug' | 'byId' | 'list' | 'scopedEm'>;
  /** Sends to a person's channel identity through the outbox (`direct` priority). */
  readonly messenger: Pick<Messenger, 'send'>;
  /** The tenant's uploaded files (an answer's image), files people send (`keepInbound`) and their adoption by the comune. */
  readonly media: Pick<MediaLibrary, 'upload' | 'keepInbound' | 'adopt' | 'get' | 'require' | 'source' | 'delete'>;
  /**
   * Hints to the other processes on the database (ids only, at most once; see `ClusterSignals`), topics
   * under `module:`: a module prefixes its own name (`scopedSignals(api.services.signals, 'handoff')`).
   */
  readonly signals: ClusterSignals;
  /** Adds the module's Prometheus series (`campanile_<module>_…`). */
  readonly metrics: Pick<MetricsRegistry, 'counter' | 'gauge' | 'histogram'>;
  /** The channels' links that open a chat with the comune carrying a payload (a staff invitation's). */
  readonly joinLinks: JoinLinks;
}

/**
 * The module's view of the core services: each member delegates, so a module holds no reference to
 * the rest of a service (no cast reaches `TenantService.ensure` or the media retention step).
 *
 * @example
 * const registry = new ModuleRegistry(core); // passes moduleServices(core) to every module's setup
 */
export function moduleServices(core: CoreServices): ModuleServices {
  const { tenants, messenger, notifications: { media } } = core;
  return Object.freeze({
    log: core.log,
    translator: core.translator,
    tenants: Object.freeze({
      bySlug: (slug: string) => tenants.bySlug(slug),
      byId: (id: number) => tenants.byId(id),
      list: () => tenants.list(),
      scopedEm: (tenantId: number) => tenants.scopedEm(tenantId),
    }),
    messenger: Object.freeze({ send: (...args: Parameters<Messenger['send']>) => messenger.send(...args) }),
    media: Object.freeze({
      upload: (...args: Parameters<MediaLibrary['upload']>) => media.upload(...args),
      keepInbound: (...args: Parameters<MediaLibrary['keepInbound']>) => media.keepInbound(...args),
      adopt: (tenantId: number, id: string) => media.adopt(tenantId, id),
      get: (tenantId: number, id: string) => media.get(tenantId, id),
      require: (tenantId: number, id: string) => media.require(tenantId, id),
      source: (tenantId: number, id: string) => media.source(tenantId, id),
      delete: (tenantId: number, id: string) => media.delete(tenantId, id),
    }),
    signals: scopedSignals(core.signals, 'module'),
    metrics: Object.freeze({
      counter: core.metrics.counter.bind(core.metrics),
      gauge: core.metrics.gauge.bind(core.metrics),
      histogram: core.metrics.histogram.bind(core.metrics),
    }),
    joinLinks: core.joinLinks,
  });
}
