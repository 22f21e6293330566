/** Entities of the reports module, in dependency order. */
import { ReportCounter } from './report-counter.js';
import { ReportDraft } from './report-draft.js';
import { ReportEvent } from './report-event.js';
import { ReportFollow } from './report-follow.js';
import { ReportOffice } from './report-office.js';
import { ReportSettings } from './report-settings.js';
import { Report } from './report.js';

export { Report, ReportCounter, ReportDraft, ReportEvent, ReportFollow, ReportOffice, ReportSettings };
export type { ReportMediaItem } from './report-media.js';
export type { ReportCategory, ReportSettingsData, Open311Key } from './report-settings.js';
export { REPORT_EVENT_KINDS, type ReportEventKind } from './report-event.js';
export { REPORT_STATUSES, CLOSED_STATUSES, NEXT_STATUSES, isClosed, type ReportStatus } from './report-status.js';

export const reportsEntities = [ReportOffice, Report, ReportEvent, ReportFollow, ReportDraft, ReportCounter, ReportSettings];
