export { baseModule } from './base-module.js';
export { categoryPayload, parseStartPayload, PAYLOAD_PATTERN, type StartPayload } from './deep-link.js';
