import type { Permission } from '../../core/internal.js';

/** See the reports, their timeline, the map and the exports. Mayor and superadmin hold every permission. */
export const REPORTS_READ = 'reports.read';
/** Work reports: status, notes, assignment, merge; offices, settings and Open311 keys. */
export const REPORTS_WRITE = 'reports.write';

/**
 * The reports module's permissions: operators work the reports of their comune.
 *
 * @example
 * api.adminRoute({ …, permission: REPORTS_WRITE });
 */
export const reportsPermissions: readonly Permission[] = [
  { name: REPORTS_READ, roles: ['operator', 'editor'], description: 'View reports, their timeline and exports' },
  { name: REPORTS_WRITE, roles: ['operator'], description: 'Change report status, add notes, assign offices, merge duplicates, manage report settings and Open311 keys' },
];
