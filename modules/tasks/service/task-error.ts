/** Errors of the task services an admin route turns into `{ code, message }` with a status. */
export type TaskErrorCode = 'TASK_NOT_FOUND' | 'TASK_INVALID' | 'TASK_CLOSED';

export class TaskError extends Error {
  override readonly name = 'TaskError';
  constructor(
    readonly status: number,
    readonly code: TaskErrorCode,
    message: string,
  ) {
    super(message);
  }
}
