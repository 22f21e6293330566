/** A Q&A service call as an admin reply: a `QaServiceError` becomes `{ code, message }` with its status. */
import { serviceReplyFor } from '../../../core/internal.js';
import { QaServiceError } from '../service/qa-service-error.js';

export const serviceReply = serviceReplyFor(QaServiceError);
