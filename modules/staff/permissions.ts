import type { Permission } from '../../core/internal.js';

/** Read the staff registry (members, groups, invitations). Mayor and superadmin hold every permission. */
export const STAFF_READ = 'staff.read';
/** Edit the registry, invite and unlink members, import. */
export const STAFF_WRITE = 'staff.write';

/**
 * The staff registry's permissions: the staff manager keeps the registry.
 *
 * @example
 * api.adminRoute({ …, permission: STAFF_WRITE });
 */
export const staffPermissions: readonly Permission[] = [
  { name: STAFF_READ, roles: ['staff-manager'], description: 'View staff members, groups and invitations' },
  { name: STAFF_WRITE, roles: ['staff-manager'], description: 'Edit staff members and groups, invite, unlink, import and export' },
];
