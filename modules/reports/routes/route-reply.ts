/**
 * Turn a report service call into an admin reply: the value with its status, or a `ReportError` as
 * `{ code, message }` with its status. Other errors propagate (the admin API answers 500 and logs).
 */
import type { AdminReply } from '../../../core/internal.js';
import { ReportError } from '../service/report-errors.js';

/**
 * @example
 * handler: (req) => serviceReply(200, () => listReports(req.em, req.query))
 */
export async function serviceReply(status: number, call: () => Promise<unknown>): Promise<AdminReply> {
  try {
    const body = await call();
    return body === undefined ? { status } : { status, body };
  } catch (error) {
    if (error instanceof ReportError) return { status: error.status, body: { code: error.code, message: error.message } };
    throw error;
  }
}
