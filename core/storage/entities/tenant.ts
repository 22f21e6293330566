import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { RetentionSettings } from '../../retention/retention-settings.js';

/**
 * A comune. Every other row belongs to exactly one tenant (see `tenantScope`).
 *
 * @example
 * const tenant = await em.findOneOrFail(Tenant, { slug: 'esempio' });
 * tenant.timezone; // 'Europe/Rome'
 */
export const Tenant = defineEntity({
  name: 'Tenant',
  tableName: 'tenant',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    slug: p.string().length(64).unique(),
    name: p.string().length(200),
    /** Languages the bot speaks in this comune; the first is the default. */
    locales: p.json<string[]>(),
    timezone: p.string().length(64),
    /** Names of the feature modules enabled for this tenant. */
    enabledModules: p.json<string[]>(),
    /** Per-tenant settings, e.g. text overrides: `{ texts: { it: { 'base.welcome': '…' } } }`. */
    settings: p.json<TenantSettings>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type Tenant = InferEntity<typeof Tenant>;

/** Free-form tenant settings; known keys are typed. */
export interface TenantSettings {
  /** Text overrides per locale and key. */
  texts?: Record<string, Record<string, string>>;
  /**
   * How many days conversations, files people sent and shared positions are kept (see
   * `DEFAULT_RETENTION`: 180, 30, 30). Missing keys take the default; read it through `retentionOf`.
   */
  retention?: Partial<RetentionSettings>;
  [key: string]: unknown;
}
