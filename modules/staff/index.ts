/** The staff registry module: re-exports only. */
export { staffModule } from './staff-module.js';
export { STAFF_READ, STAFF_WRITE, staffPermissions } from './permissions.js';
export { installStaffFlavor, unknownCommand, type StaffFlavor } from './staff-flavor.js';
export { groupsOf } from './service/registry-service.js';
export type { StaffMember as StaffMemberRow } from './entities/index.js';
export * from './entities/index.js';
