/**
 * A report's lifecycle: nuova → presa in carico → in lavorazione → risolta | non risolvibile | duplicata |
 * respinta. Stored as strings (see architecture.md: status columns are strings, checked by the service).
 */
export const REPORT_STATUSES = ['new', 'acknowledged', 'in_progress', 'resolved', 'unresolvable', 'duplicate', 'rejected'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Statuses that close a report (Open311 `closed`; retention counts from `closedAt`). */
export const CLOSED_STATUSES: readonly ReportStatus[] = ['resolved', 'unresolvable', 'duplicate', 'rejected'];

/** Whether a status closes the report. */
export function isClosed(status: string): boolean {
  return (CLOSED_STATUSES as readonly string[]).includes(status);
}

/**
 * Which status may follow which: forward through the work, any open status may close, and a closed report
 * may be reopened (back to `acknowledged`) when the comune closed it by mistake.
 */
export const NEXT_STATUSES: Readonly<Record<ReportStatus, readonly ReportStatus[]>> = {
  new: ['acknowledged', 'in_progress', 'resolved', 'unresolvable', 'duplicate', 'rejected'],
  acknowledged: ['in_progress', 'resolved', 'unresolvable', 'duplicate', 'rejected'],
  in_progress: ['acknowledged', 'resolved', 'unresolvable', 'duplicate', 'rejected'],
  resolved: ['acknowledged'],
  unresolvable: ['acknowledged'],
  duplicate: ['acknowledged'],
  rejected: ['acknowledged'],
};
