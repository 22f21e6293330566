/** A handoff service call as an admin reply: a `HandoffError` becomes `{ code, message }` with its status. */
import { serviceReplyFor } from '../../../core/internal.js';
import { HandoffError } from '../service/handoff-error.js';

export const serviceReply = serviceReplyFor(HandoffError);
