/**
 * Errors of the staff services that an admin route turns into an HTTP reply: a status, a stable code
 * and a message that says how to fix the request.
 */
export type StaffErrorCode = 'STAFF_NOT_FOUND' | 'STAFF_INVALID' | 'STAFF_DUPLICATE' | 'STAFF_BAD_IMPORT';

/**
 * @example
 * throw new StaffError(404, 'STAFF_NOT_FOUND', 'Staff member 12 does not exist: list them with GET /staff/members.');
 */
export class StaffError extends Error {
  override readonly name = 'StaffError';
  constructor(
    readonly status: number,
    readonly code: StaffErrorCode,
    message: string,
  ) {
    super(message);
  }
}
