/**
 * What a turn, a route or a job knows of its tenant: a plain snapshot, safe to cache and log.
 *
 * @example
 * ctx.tenant.slug; // 'esempio'
 */
export interface TenantInfo {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly locales: readonly string[];
  readonly defaultLocale: string;
  readonly timezone: string;
  readonly enabledModules: readonly string[];
  /** Text overrides by locale and key. */
  readonly texts: Readonly<Record<string, Readonly<Record<string, string>>>>;
}
