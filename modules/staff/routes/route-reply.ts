import type { AdminReply } from '../../../core/internal.js';
import { StaffError } from '../service/staff-error.js';

/**
 * A staff service call as an admin reply: the value with its status, or a `StaffError` as
 * `{ code, message }`. Other errors propagate (the admin API answers 500 and logs).
 */
export async function staffReply(status: number, call: () => Promise<unknown>): Promise<AdminReply> {
  try {
    const body = await call();
    return body === undefined ? { status } : { status, body };
  } catch (error) {
    if (error instanceof StaffError) return { status: error.status, body: { code: error.code, message: error.message } };
    throw error;
  }
}
