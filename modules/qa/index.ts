/** The Q&A module: re-exports only. */
export { qaModule, createQaModule, type QaModule, type QaModuleOptions, type QaRuntime } from './qa-module.js';
export type { FallbackChoices } from './free-text.js';
export { QA_READ, QA_WRITE, qaPermissions } from './permissions.js';
export * from './entities/index.js';
