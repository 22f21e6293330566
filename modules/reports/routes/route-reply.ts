/** A report service call as an admin reply: a `ReportError` becomes `{ code, message }` with its status. */
import { serviceReplyFor } from '../../../core/internal.js';
import { ReportError } from '../service/report-errors.js';

export const serviceReply = serviceReplyFor(ReportError);
