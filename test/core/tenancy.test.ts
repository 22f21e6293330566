import t from 'tap';
import { Category, ChannelIdentity, Person, Subscription, TenantService } from '../../core/internal.js';
import { buildApp, textOf } from '../helpers/campanile.js';

t.test('two tenants with the same chat ids never see each other\'s people or subscriptions', async (t) => {
  const { app, memory, tenant } = await buildApp(t);
  const other = await app.services.tenants.ensure({ slug: 'altrove', name: 'Comune di Altrove', enabledModules: ['base'] });
  const chat = '1';

  t.match(textOf(await memory.say(tenant, chat, '/start cat_eventi')), /Comune di Esempio/);
  t.match(textOf(await memory.say(other.slug, chat, '/start cat_mobilita')), /Comune di Altrove/, 'the second comune greets as itself');

  const emA = app.services.tenants.scopedEm(app.defaultTenant.id);
  const emB = app.services.tenants.scopedEm(other.id);
  t.equal(await emA.count(Person, {}), 1, 'tenant A sees one person');
  t.equal(await emB.count(Person, {}), 1, 'tenant B sees one person');
  const [personA] = await emA.find(Person, {});
  const [personB] = await emB.find(Person, {});
  t.not(personA?.id, personB?.id, 'same chat id, two different people');

  const subsA = await emA.find(Subscription, {}, { populate: ['category'] });
  const subsB = await emB.find(Subscription, {}, { populate: ['category'] });
  t.same(subsA.map((s) => s.category.key), ['eventi']);
  t.same(subsB.map((s) => s.category.key), ['mobilita']);

  t.equal(await emA.count(Person, { id: personB?.id }), 0, 'a scoped query cannot reach the other tenant\'s row by id');
  const categoryOfB = await emB.findOneOrFail(Category, { key: 'eventi' });
  t.equal(await emA.count(Category, { id: categoryOfB.id }), 0, 'nor its categories');

  // Erasing in one comune leaves the other untouched.
  await memory.say(tenant, chat, '/cancella');
  await memory.press(tenant, chat, 'base:erase:yes');
  t.equal(await app.services.tenants.scopedEm(app.defaultTenant.id).count(ChannelIdentity, {}), 0);
  t.equal(await app.services.tenants.scopedEm(other.id).count(ChannelIdentity, {}), 1, 'the other comune keeps its citizen');
});

t.test('a query without a tenant fails instead of crossing tenants', async (t) => {
  const { app } = await buildApp(t);
  await t.rejects(app.db.em.fork().find(Person, {}), /tenant/i, 'the tenant filter needs its argument');
});

t.test('two processes creating the same tenant at once: both get the one row, nobody crashes', async (t) => {
  const { app } = await buildApp(t);
  // Two services over one database, as two processes starting on an empty one; neither has it cached.
  const first = new TenantService(app.db);
  const second = new TenantService(app.db);
  const seed = { slug: 'gemelli', name: 'Comune di Gemelli', enabledModules: ['base'] };
  const [a, b] = await Promise.all([first.ensure(seed), second.ensure(seed)]);
  t.equal(a.id, b.id, 'the same tenant');
  t.equal(await app.db.em.fork().count(Category, { tenant: a.id }, { filters: false }), await app.db.em.fork().count(Category, { tenant: app.defaultTenant.id }, { filters: false }), 'its categories once');
});
