import type { Logger } from '../log.js';
import type { Database } from '../storage/database.js';
import type { Translator } from '../i18n/translator.js';
import type { Messenger } from '../engine/messenger.js';
import type { TenantService } from '../tenancy/tenant-service.js';
import type { PeopleService } from '../people/people-service.js';
import type { NotificationService } from '../notices/notification-service.js';
import type { RetentionJob } from '../retention/retention-job.js';

/**
 * The core services a module may use outside a turn (admin routes, background jobs).
 *
 * @example
 * const tenant = await api.services.tenants.bySlug('esempio');
 * await api.services.messenger.send(tenant, identityId, { text: plain('La tua segnalazione è chiusa') });
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
}
