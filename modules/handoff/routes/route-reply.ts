/** Turns a handoff service call into an admin reply: the value with its status, or a `HandoffError` as `{ code, message }`. */
import type { AdminReply } from '../../../core/internal.js';
import { HandoffError } from '../service/handoff-error.js';

/** @example handler: (req) => serviceReply(200, () => listInbox(req.em, req.query, req.user)) */
export async function serviceReply(status: number, call: () => Promise<unknown>): Promise<AdminReply> {
  try {
    const body = await call();
    return body === undefined ? { status } : { status, body };
  } catch (error) {
    if (error instanceof HandoffError) return { status: error.status, body: { code: error.code, message: error.message } };
    throw error;
  }
}
