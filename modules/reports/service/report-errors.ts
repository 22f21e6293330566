/**
 * Errors of the report services that a route turns into an HTTP reply: a status, a stable code and a
 * message saying how to fix the request.
 */

export type ReportErrorCode = 'REPORT_NOT_FOUND' | 'REPORT_BAD_TRANSITION' | 'REPORT_INVALID' | 'REPORT_OUTSIDE_AREA' | 'REPORT_BAD_MERGE' | 'REPORT_FORBIDDEN';

/**
 * @example
 * throw new ReportError(404, 'REPORT_NOT_FOUND', 'Report 12 does not exist: list reports with GET /reports/reports.');
 */
export class ReportError extends Error {
  override readonly name = 'ReportError';
  constructor(
    readonly status: number,
    readonly code: ReportErrorCode,
    message: string,
  ) {
    super(message);
  }
}
