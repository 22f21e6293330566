/** A staff service call as an admin reply: a `StaffError` becomes `{ code, message }` with its status. */
import { serviceReplyFor } from '../../../core/internal.js';
import { StaffError } from '../service/staff-error.js';

export const staffReply = serviceReplyFor(StaffError);
