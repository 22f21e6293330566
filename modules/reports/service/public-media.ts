/**
 * What the public (Open311) side may show of a report's files: the first photo of a report that is
 * published (not `hidden` by an operator) and whose reporter did not erase themselves. A chat report
 * always has a reporter until erasure, so a chat report without one is an erased person's: the comune
 * keeps the photo as its work record, but does not go on publishing a picture that person took.
 * Open311 posts carry no files here, so for them the rule is only `hidden`.
 */
import type { Report, ReportMediaItem } from '../entities/index.js';

/**
 * Whether the report is published on Open311 at all (its request and its fields).
 *
 * @example
 * if (!publicReport(report)) return open311Error(404, …);
 */
export function publicReport(report: Pick<Report, 'hidden'>): boolean {
  return !report.hidden;
}

/**
 * The photo Open311's `media_url` points to, or null.
 *
 * @example
 * const photo = publicPhoto(report); // { id, kind: 'photo', … } | null
 */
export function publicPhoto(report: Pick<Report, 'hidden' | 'source' | 'reporter' | 'media'>): ReportMediaItem | null {
  if (!publicReport(report)) return null;
  if (report.source === 'chat' && (report.reporter === null || report.reporter === undefined)) return null;
  return report.media.find((m) => m.kind === 'photo') ?? null;
}
