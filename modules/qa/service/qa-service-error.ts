/**
 * Errors of the Q&A services that an admin route turns into an HTTP reply: a status, a stable code
 * and a message that says how to fix the request.
 */

/** Stable codes of {@link QaServiceError}. */
export type QaServiceErrorCode =
  | 'QA_NOT_FOUND'
  | 'QA_INVALID_ENTRY'
  | 'QA_DUPLICATE_KEY'
  | 'QA_BAD_IMPORT'
  | 'QA_TRAINING_RUNNING'
  | 'QA_CANNOT_TRAIN'
  | 'QA_SUGGESTION_DONE';

/**
 * A request the Q&A services refuse.
 *
 * @example
 * throw new QaServiceError(404, 'QA_NOT_FOUND', 'Q&A entry 12 does not exist: list entries with GET /qa/entries.');
 */
export class QaServiceError extends Error {
  override readonly name = 'QaServiceError';
  constructor(
    readonly status: number,
    readonly code: QaServiceErrorCode,
    message: string,
  ) {
    super(message);
  }
}
