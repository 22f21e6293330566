/**
 * `/mie_segnalazioni`: the person's reports and the ones they follow, with status and date.
 */
import { plain, joinText, type TurnContext } from '../../../core/internal.js';
import { reportsOf } from '../service/report-service.js';
import { categoryName, reportSettings } from '../service/report-settings-service.js';

/**
 * @example
 * api.command(['mie_segnalazioni', 'my_reports'], (ctx) => showMyReports(ctx));
 */
export async function showMyReports(ctx: TurnContext): Promise<void> {
  const reports = await reportsOf(ctx.em, ctx.person.id);
  if (reports.length === 0) return ctx.reply({ text: ctx.text('reports.mine_none') });
  const settings = await reportSettings(ctx.em);
  const date = new Intl.DateTimeFormat(ctx.locale, { timeZone: ctx.tenant.timezone, dateStyle: 'short' });
  const lines = reports.map((report) => {
    const mine = report.reporter !== null && report.reporter !== undefined && (typeof report.reporter === 'number' ? report.reporter : report.reporter.id) === ctx.person.id;
    const line = ctx.t('reports.mine_line', {
      code: report.code, status: ctx.t(`reports.status.${report.status}`), date: date.format(report.createdAt),
      category: categoryName(settings.categories.find((c) => c.code === report.category), report.category, ctx.locale),
    });
    return plain(mine ? line : `${line} ${ctx.t('reports.mine_followed')}`);
  });
  ctx.reply({ text: joinText([ctx.text('reports.mine_title'), joinText(lines, '\n')]) });
}
