/**
 * Typed errors of the Q&A classifier. Each has a stable `code` and a message that says how to fix it.
 */

/** Stable codes of {@link QaModelError}. */
export type QaModelErrorCode =
  | 'QA_TOO_FEW_ENTRIES'
  | 'QA_EMPTY_ENTRY'
  | 'QA_DUPLICATE_ENTRY'
  | 'QA_BAD_MODEL'
  | 'QA_WORKER_FAILED';

/**
 * Thrown when a library cannot be trained or a stored model cannot be loaded.
 *
 * @example
 * try { await trainClassifier([]); }
 * catch (e) { if (e instanceof QaModelError && e.code === 'QA_TOO_FEW_ENTRIES') showHint(e.message); }
 */
export class QaModelError extends Error {
  override readonly name = 'QaModelError';
  constructor(
    readonly code: QaModelErrorCode,
    message: string,
  ) {
    super(message);
  }
}
