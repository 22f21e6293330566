/**
 * The citizen side of reports: `/segnala` (`/report`), `/annulla` (`/cancel`), `/mie_segnalazioni`
 * (`/my_reports`) and their menu entries.
 */
import type { ModuleApi, TurnContext } from '../../../core/internal.js';
import { showMyReports } from './my-reports.js';
import { registerReportDialog } from './report-dialog.js';

/**
 * @example
 * registerReportChat(api);
 */
export function registerReportChat(api: ModuleApi<TurnContext>): void {
  const chat = registerReportDialog(api);
  api.command(['segnala', 'report'], (ctx) => chat.start(ctx), { descriptionKey: 'reports.cmd.report' });
  api.command(['annulla', 'cancel'], (ctx) => chat.cancel(ctx), { descriptionKey: 'reports.cmd.cancel' });
  api.command(['mie_segnalazioni', 'my_reports'], (ctx) => showMyReports(ctx), { descriptionKey: 'reports.cmd.mine' });
  api.menu({ id: 'reports.new', labelKey: 'reports.menu.report', payload: 'reports:new-report', order: 30 });
  api.menu({ id: 'reports.mine', labelKey: 'reports.menu.mine', payload: 'reports:mine', order: 31 });
  api.button('reports:new-report', (ctx) => chat.start(ctx));
  api.button('reports:mine', (ctx) => showMyReports(ctx));
}
