/**
 * Errors of the handoff services that an admin route turns into an HTTP reply: a status, a stable code
 * and a message that says how to fix the request.
 */

/** Stable codes of {@link HandoffError}. */
export type HandoffErrorCode =
  | 'HANDOFF_NOT_FOUND'
  | 'HANDOFF_NO_TELEGRAM'
  | 'HANDOFF_NOT_LINKED'
  | 'HANDOFF_ALREADY_TAKEN'
  | 'HANDOFF_CLOSED'
  | 'HANDOFF_NOT_YOURS'
  | 'HANDOFF_EMPTY_REPLY'
  | 'HANDOFF_BAD_MEDIA'
  | 'HANDOFF_BAD_TRANSFER'
  | 'HANDOFF_DUPLICATE'
  | 'HANDOFF_NOT_SENT';

/**
 * A request the handoff services refuse.
 *
 * @example
 * throw new HandoffError(409, 'HANDOFF_CLOSED', 'Conversation 12 is closed: the person is back with the bot.');
 */
export class HandoffError extends Error {
  override readonly name = 'HandoffError';
  constructor(readonly status: number, readonly code: HandoffErrorCode, message: string) {
    super(message);
  }
}
