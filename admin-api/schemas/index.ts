// Every schema of the admin API: routes, tests and the OpenAPI document import them from here.
export * from './common.js';
export * from './auth.js';
export * from './tenants.js';
export * from './users.js';
export * from './categories.js';
export * from './people.js';
export * from './stats.js';
export * from './channel-accounts.js';
export * from './audit.js';
export * from './notices.js';
export * from './media.js';
export * from './settings.js';
export * from './public.js';
export * from './numbers.js';
