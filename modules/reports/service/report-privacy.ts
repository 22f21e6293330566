/**
 * The reports module's privacy hooks. A report is the comune's work record; the reporter is personal
 * data: erasing a person unlinks them from every report (and drops their follows and draft), the report
 * (text, position, files) stays. Retention deletes closed reports past the comune's setting (default two
 * years after closing) with their files, and drafts abandoned for more than 24 h.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { ModuleServices, Person, RetentionStep } from '../../../core/internal.js';
import { dropUnusedFiles } from './report-files.js';
import { Report, ReportDraft, ReportEvent, ReportFollow, CLOSED_STATUSES } from '../entities/index.js';
import { DRAFT_TTL_MS } from './report-defaults.js';
import { reportSettings } from './report-settings-service.js';

/**
 * The erasure hook, in the erasure transaction. The draft's files are the person's own (kept as inbound
 * media), so core's media eraser deletes them; a confirmed report's files were adopted by the comune.
 *
 * @example
 * api.onErase((em, person) => eraseReporter(em, person));
 */
export async function eraseReporter(em: SqlEntityManager, person: Person): Promise<void> {
  const filter = { filters: false } as const;
  const tenant = typeof person.tenant === 'number' ? person.tenant : person.tenant.id;
  await em.nativeUpdate(Report, { tenant, reporter: person.id }, { reporter: null, reporterIdentity: null }, filter);
  await em.nativeDelete(ReportFollow, { tenant, person: person.id }, filter);
  await em.nativeDelete(ReportDraft, { tenant, person: person.id }, filter);
}

/**
 * The retention step: closed reports whose `closedAt` is older than the comune's retention go, files
 * first (unless another report holds the same bytes), then the rows; then stale drafts and their files.
 * Deletes by condition in batches, so processes running it at once only repeat each other's work.
 *
 * @example
 * api.onRetention(reportRetention(api.services));
 */
export function reportRetention(services: Pick<ModuleServices, 'tenants' | 'media'>): RetentionStep {
  return async ({ tenant, now, batchSize }) => {
    const em = services.tenants.scopedEm(tenant.id);
    const settings = await reportSettings(em);
    const cutoff = new Date(now.getTime() - settings.closedRetentionDays * 86_400_000);
    let reports = 0;
    let files = 0;
    for (;;) {
      const batch = await em.fork().find(Report, { status: { $in: [...CLOSED_STATUSES] }, closedAt: { $lt: cutoff } }, { fields: ['id', 'media'], limit: batchSize, orderBy: { id: 'asc' } });
      if (batch.length === 0) break;
      const ids = batch.map((r) => r.id);
      await em.transactional(async (tx) => {
        await tx.nativeDelete(ReportEvent, { report: { $in: ids } });
        await tx.nativeDelete(ReportFollow, { report: { $in: ids } });
        await tx.nativeDelete(Report, { id: { $in: ids } });
      });
      // After the rows: the check "does another report hold these bytes" must not see the deleted ones.
      files += await dropUnusedFiles(em, services.media, tenant.id, batch.flatMap((r) => r.media));
      reports += ids.length;
      if (batch.length < batchSize) break;
    }
    const stale = await em.find(ReportDraft, { updatedAt: { $lt: new Date(now.getTime() - DRAFT_TTL_MS) } }, { limit: batchSize });
    for (const draft of stale) files += await dropUnusedFiles(em, services.media, tenant.id, draft.media);
    const drafts = stale.length ? await em.nativeDelete(ReportDraft, { id: { $in: stale.map((d) => d.id) } }) : 0;
    return { closedReports: reports, reportFiles: files, drafts };
  };
}
