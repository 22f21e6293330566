import { Category, ChannelAccount, ChannelIdentity, Person, Subscription } from '../../core/internal.js';
import type { AdminTestApp } from './app.js';
import { PASSWORD } from './app.js';

/**
 * One of each tenant-owned resource in `slug`, keyed by the path parameter that names it, so tests
 * generated from OpenAPI can fill `{categoryId}`, `{personId}`… with a real id.
 *
 * @example
 * const ids = await seedTenant(app, 'altro'); // { tenant: 'altro', categoryId: 8, personId: 1, … }
 */
export async function seedTenant(app: AdminTestApp, slug: string): Promise<Record<string, string | number>> {
  const { campanile, fastify } = app;
  const tenant = await campanile.services.tenants.bySlug(slug);
  if (!tenant) throw new Error(`No comune ${slug}`);
  const em = campanile.services.tenants.scopedEm(tenant.id);
  const category = await em.findOneOrFail(Category, {}, { orderBy: { id: 'asc' } });
  const person = em.create(Person, { tenant: tenant.id, locale: 'it' });
  em.create(ChannelIdentity, {
    tenant: tenant.id, person, channel: 'memory', account: 'default', externalId: `chat-${slug}`,
    address: { tenant: slug, channel: 'memory', account: 'default', chatId: `chat-${slug}` }, active: true, inactiveReason: null, lastInboundAt: null,
  });
  em.create(Subscription, { tenant: tenant.id, person, category });
  const account = em.create(ChannelAccount, { tenant: tenant.id, channel: 'telegram', name: 'seed', config: { token: 'seed-secret-token' }, active: true });
  await em.flush();
  const user = await fastify.users.create({ email: `seed.${slug}@test.example`, password: PASSWORD, role: 'editor', tenantId: tenant.id });
  // A different image per comune, so another comune's media id is really someone else's file.
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(`seed ${slug}`)]);
  const image = await campanile.notifications.media.upload(tenant.id, png, 'image/png', `${slug}.png`);
  const notice = await campanile.notifications.notices.create(tenant, { categoryId: category.id, title: `Seed ${slug}`, text: 'seed notice', imageMediaId: image.id });
  return { tenant: slug, categoryId: category.id, personId: person.id, accountId: account.id, userId: user.id, noticeId: notice.id, mediaId: image.id };
}

/** Row counts of the tables admin routes write, to prove a refused request wrote nothing. */
export async function rowCounts(app: AdminTestApp): Promise<Record<string, number>> {
  const tables = ['tenant', 'category', 'admin_user', 'admin_session', 'channel_account', 'person', 'subscription', 'audit_entry', 'notice', 'media_file'];
  const out: Record<string, number> = {};
  const conn = app.campanile.db.em.getConnection();
  for (const table of tables) {
    const [row] = (await conn.execute(`select count(*) as n from ${table}`)) as { n: number | string }[];
    out[table] = Number(row?.n ?? 0);
  }
  return out;
}
