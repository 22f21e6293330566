import { Tenant, type Campanile, type TenantInfo } from '../../core/internal.js';

/**
 * Makes a test comune speak the given languages (first = default), as a comune admin would set them,
 * and returns its fresh snapshot.
 *
 * @example
 * const tenant = await speak(app, app.defaultTenant.slug, ['it', 'de']);
 */
export async function speak(app: Campanile, slug: string, locales: readonly string[]): Promise<TenantInfo> {
  const em = app.db.em.fork();
  const row = await em.findOneOrFail(Tenant, { slug });
  row.locales = [...locales];
  await em.flush();
  app.services.tenants.invalidate(slug);
  const info = await app.services.tenants.bySlug(slug);
  if (!info) throw new Error(`tenant ${slug} vanished`);
  return info;
}
