/** Stable codes of notice errors; the admin API maps them to HTTP statuses (see `status`). */
export type NoticeErrorCode =
  | 'NOTICE_NOT_FOUND' | 'NOTICE_NOT_EDITABLE' | 'NOTICE_INVALID' | 'CATEGORY_NOT_FOUND' | 'MEDIA_NOT_FOUND'
  | 'SCHEDULE_INVALID' | 'SCHEDULE_IN_PAST';

/**
 * A notice operation was refused. `code` is stable, `field` names the input at fault, the message says
 * how to fix it, and `status` is the HTTP status the admin API should answer with.
 *
 * @example
 * try { await notices.cancel(tenant, id); }
 * catch (e) { if (e instanceof NoticeError) reply.code(e.status).send({ code: e.code, message: e.message }); }
 */
export class NoticeError extends Error {
  override readonly name = 'NoticeError';
  constructor(
    readonly code: NoticeErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  get status(): 400 | 404 | 409 {
    if (this.code === 'NOTICE_NOT_FOUND') return 404;
    if (this.code === 'NOTICE_NOT_EDITABLE') return 409;
    return 400;
  }
}
