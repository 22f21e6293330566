import type { Permission } from '../../core/internal.js';

/** Read the library, the inbox and the model status. Mayor and superadmin hold every permission. */
export const QA_READ = 'qa.read';
/** Edit the library, act on the inbox, import and retrain. */
export const QA_WRITE = 'qa.write';

/**
 * The Q&A module's permissions: operators curate the library from the unanswered questions.
 *
 * @example
 * api.adminRoute({ …, permission: QA_WRITE });
 */
export const qaPermissions: readonly Permission[] = [
  { name: QA_READ, roles: ['operator'], description: 'View the Q&A library, the unanswered questions and the model status' },
  { name: QA_WRITE, roles: ['operator'], description: 'Edit the Q&A library, handle unanswered questions, import, export and retrain' },
];
