/** The handoff module: re-exports only. */
export { handoffModule, createHandoffModule, type HandoffModule, type HandoffModuleOptions } from './handoff-module.js';
export { HANDOFF_READ, HANDOFF_WRITE, handoffPermissions } from './permissions.js';
export * from './entities/index.js';
