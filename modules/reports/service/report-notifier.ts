/**
 * Tells the reporter and the followers of a report what changed, each in their own chat and language,
 * through the one outbound path (`services.messenger.send`: outbox, rate budget, retries). On channels
 * with a reply window (WhatsApp, 24 h) the message carries the comune's "reply waiting" template, mapped
 * like the notices' templates (`Tenant.settings.templates.<channel>.replyWaiting`); the adapter uses it
 * only when the window is closed.
 */
import { ChannelIdentity, Person, Tenant, templateFor, type DeliveryResult, type ModuleServices, type TenantInfo } from '../../../core/internal.js';
import { Report, ReportFollow } from '../entities/index.js';
import { categoryName, reportSettings } from './report-settings-service.js';

/** One recipient's outcome. */
export interface NotifyOutcome {
  readonly identityId: number;
  readonly result: DeliveryResult;
}

/**
 * Sends the status change of `report` to its reporter and followers; a failure for one never stops the
 * others. Call it after the change committed.
 *
 * @example
 * await notifyReportUpdate(api.services, tenant, report.id, 'Il tombino è stato sostituito.');
 */
export async function notifyReportUpdate(services: ModuleServices, tenant: TenantInfo, reportId: number, message: string | null): Promise<NotifyOutcome[]> {
  const em = services.tenants.scopedEm(tenant.id);
  const report = await em.findOne(Report, { id: reportId });
  if (!report) return [];
  const identityIds = new Set<number>();
  if (report.reporterIdentity) identityIds.add(typeof report.reporterIdentity === 'number' ? report.reporterIdentity : report.reporterIdentity.id);
  for (const follow of await em.find(ReportFollow, { report: report.id })) identityIds.add(typeof follow.identity === 'number' ? follow.identity : follow.identity.id);
  if (identityIds.size === 0) return [];
  const settings = await reportSettings(em);
  const tenantRow = await em.findOne(Tenant, { id: tenant.id }, { filters: false });
  const outcomes: NotifyOutcome[] = [];
  for (const identityId of identityIds) {
    const identity = await em.findOne(ChannelIdentity, { id: identityId });
    if (!identity) continue;
    const person = await em.findOne(Person, { id: typeof identity.person === 'number' ? identity.person : identity.person.id }, { fields: ['locale'] });
    const locale = person?.locale ?? tenant.defaultLocale;
    const t = (key: string, vars: Record<string, string> = {}) => services.translator.t(locale, key, vars, tenant.texts);
    const vars = {
      code: report.code,
      category: categoryName(settings.categories.find((c) => c.code === report.category), report.category, locale),
      status: t(`reports.status.${report.status}`),
    };
    const lines = [t('reports.update.status', vars), ...(message ? [t('reports.update.message', { message })] : [])];
    const template = templateFor(tenantRow?.settings, identity.channel, { kind: 'reply-waiting' }, { comune: tenant.name, code: report.code, status: vars.status });
    try {
      const result = await services.messenger.send(tenant, identityId, { text: services.translator.text(locale, 'reports.update.body', { body: lines.join('\n') }, tenant.texts), ...(template ? { template } : {}) });
      outcomes.push({ identityId, result });
    } catch (error) {
      services.log.error({ err: error, module: 'reports', tenant: tenant.slug, report: report.code, identity: identityId }, 'report update not queued');
    }
  }
  return outcomes;
}
