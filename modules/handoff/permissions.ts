import type { Permission } from '../../core/internal.js';

/** See the inbox, the conversations, canned replies, settings and statistics. Mayor and superadmin hold every permission. */
export const HANDOFF_READ = 'handoff.read';
/** Take, transfer, answer, annotate and close conversations; set presence; edit canned replies and settings. */
export const HANDOFF_WRITE = 'handoff.write';

/**
 * The handoff module's permissions: operators answer citizens who asked for a person.
 *
 * @example
 * api.adminRoute({ …, permission: HANDOFF_WRITE });
 */
export const handoffPermissions: readonly Permission[] = [
  { name: HANDOFF_READ, roles: ['operator'], description: 'View the handoff inbox, conversations, canned replies and statistics' },
  { name: HANDOFF_WRITE, roles: ['operator'], description: 'Take, transfer, answer, annotate and close handoff conversations; set presence; edit canned replies and handoff settings' },
];
