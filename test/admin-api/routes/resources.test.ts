import t from 'tap';
import { allModules } from '../../../modules/index.js';
import { build, expectProblem } from '../../helpers/app.js';
import { fakeModule } from '../../helpers/fake-module.js';
import { seedTenant } from '../../helpers/fixtures.js';

t.test('categories: create, conflict, change, reorder, delete — each audited with user, tenant, target, time', async (t) => {
  const app = await build(t);
  const { tenant } = app;
  const editor = await app.injectAs('editor');
  const base = `/api/v1/tenants/${tenant}/categories`;
  const created = await editor({ method: 'POST', url: base, payload: { key: 'sagre', labels: { it: 'Sagre' } } });
  t.equal(created.statusCode, 201, created.body);
  const id = created.json().id as number;
  expectProblem(t, await editor({ method: 'POST', url: base, payload: { key: 'sagre', labels: { it: 'Sagre' } } }), 409, 'conflict');
  const changed = await editor({ method: 'PATCH', url: `${base}/${id}`, payload: { labels: { it: 'Sagre e feste' }, urgentByDefault: true } });
  t.equal(changed.json().labels.it, 'Sagre e feste');
  const list = (await editor({ method: 'GET', url: base })).json() as { id: number }[];
  const order = list.map((c) => c.id).reverse();
  const reordered = await editor({ method: 'PUT', url: `${base}/order`, payload: { ids: order } });
  t.same((reordered.json() as { id: number; position: number }[]).map((c) => c.id), order);
  t.same((await editor({ method: 'GET', url: base })).json().map((c: { id: number }) => c.id), order, 'order persisted');
  expectProblem(t, await editor({ method: 'PUT', url: `${base}/order`, payload: { ids: [order[0]] } }), 400, 'validation-failed');
  t.equal((await editor({ method: 'DELETE', url: `${base}/${id}` })).statusCode, 204);

  const mayor = await app.injectAs('mayor');
  const audit = (await mayor({ method: 'GET', url: `/api/v1/tenants/${tenant}/audit` })).json() as Record<string, unknown>[];
  const actions = audit.map((e) => `${e.action} ${e.target} ${e.targetId ?? ''}`.trim());
  t.ok(actions.includes(`create categories ${id}`), 'create audited');
  t.ok(actions.includes(`update categories ${id}`), 'update audited');
  t.ok(actions.includes(`reorder categories ${tenant}`), 'reorder audited');
  t.ok(actions.includes(`delete categories ${id}`), 'delete audited');
  const entry = audit.find((e) => e.action === 'delete');
  t.match(entry, { userEmail: /^editor\./, tenant: app.campanile.defaultTenant.id, method: 'DELETE', status: 204, ip: '127.0.0.1' });
  t.ok(Date.now() - Date.parse(String(entry?.createdAt)) < 60_000, 'time recorded');
  t.notOk(actions.some((a) => a.startsWith('create categories') && a.includes('409')), 'refused requests are not audited');
  t.equal(audit.filter((e) => e.action === 'create').length, 1, 'the 409 was not audited');
});

t.test('people: list, search, read, erase (via PeopleService), subscribers and stats', async (t) => {
  const app = await build(t);
  const ids = await seedTenant(app, app.tenant);
  await seedTenant(app, app.otherTenant);
  const operator = await app.injectAs('operator');
  const base = `/api/v1/tenants/${app.tenant}`;
  const list = (await operator({ method: 'GET', url: `${base}/people` })).json();
  t.equal(list.total, 1, 'only this comune\'s people');
  t.match(list.items[0], { id: ids.personId, identities: [{ channel: 'memory', externalId: `chat-${app.tenant}` }], categories: ['eventi'] });
  t.equal((await operator({ method: 'GET', url: `${base}/people?q=chat-` })).json().total, 1);
  t.equal((await operator({ method: 'GET', url: `${base}/people?q=nobody` })).json().total, 0);
  t.equal((await operator({ method: 'GET', url: `${base}/subscribers?category=eventi` })).json().total, 1);
  const stats = (await operator({ method: 'GET', url: `${base}/stats` })).json();
  t.equal(stats.people, 1);
  t.same(stats.identities, [{ channel: 'memory', active: 1, inactive: 0 }]);
  t.match(stats.subscribers, [{ category: 'eventi', count: 1 }]);

  expectProblem(t, await operator({ method: 'DELETE', url: `${base}/people/${ids.personId}` }), 403, 'forbidden');
  const mayor = await app.injectAs('mayor');
  t.equal((await mayor({ method: 'DELETE', url: `${base}/people/${ids.personId}` })).statusCode, 204);
  expectProblem(t, await operator({ method: 'GET', url: `${base}/people/${ids.personId}` }), 404, 'not-found');
  t.equal((await operator({ method: 'GET', url: `${base}/stats` })).json().people, 0);
  const audit = (await mayor({ method: 'GET', url: `${base}/audit?action=erase` })).json();
  t.match(audit, [{ action: 'erase', target: 'person', targetId: String(ids.personId) }]);
});

t.test('channel accounts: secrets are write-only', async (t) => {
  const app = await build(t);
  const mayor = await app.injectAs('mayor');
  const base = `/api/v1/tenants/${app.tenant}/channel-accounts`;
  const created = await mayor({ method: 'POST', url: base, payload: { channel: 'telegram', name: 'default', settings: { username: 'esempio_bot' }, secrets: { token: '123:SECRET-TOKEN' } } });
  t.equal(created.statusCode, 201, created.body);
  t.same(created.json().secrets, { token: { configured: true }, webhookSecret: { configured: false } });
  t.equal(created.json().configured, true);
  t.same(created.json().settings, { username: 'esempio_bot' });
  const id = created.json().id;
  for (const res of [created, await mayor({ method: 'GET', url: base }), await mayor({ method: 'GET', url: `${base}/${id}` }),
    await mayor({ method: 'PATCH', url: `${base}/${id}`, payload: { secrets: { webhookSecret: 'HOOK-SECRET' } } })]) {
    t.notMatch(res.body, /SECRET/, 'no secret in any answer');
  }
  const auditRows = (await mayor({ method: 'GET', url: `/api/v1/tenants/${app.tenant}/audit` })).body;
  t.notMatch(auditRows, /SECRET/, 'no secret in the audit log');
  const wrong = await mayor({ method: 'POST', url: base, payload: { channel: 'telegram', name: 'other', secrets: { appSecret: 'x' } } });
  t.equal(wrong.statusCode, 400);
  t.equal(wrong.json().details[0].field, 'secrets.appSecret');
});

t.test('module admin routes are mounted under the comune with their permission and audited', async (t) => {
  const app = await build(t, { modules: [...allModules, fakeModule] });
  const operator = await app.injectAs('operator');
  const url = `/api/v1/tenants/${app.tenant}/fake/notes`;
  const created = await operator({ method: 'POST', url, payload: { text: 'ciao' } });
  t.equal(created.statusCode, 201, created.body);
  t.same((await operator({ method: 'GET', url })).json(), { tenant: app.tenant, notes: ['ciao'] });
  expectProblem(t, await (await app.injectAs('editor'))({ method: 'GET', url }), 403, 'forbidden');
  const bad = await operator({ method: 'POST', url, payload: { text: { not: 'a string' } } });
  t.equal(bad.statusCode, 400);
  const audit = (await (await app.injectAs('mayor'))({ method: 'GET', url: `/api/v1/tenants/${app.tenant}/audit?target=fake` })).json();
  t.match(audit, [{ action: 'create', target: 'fake', targetId: '1' }]);
  const roles = (await operator({ method: 'GET', url: '/api/v1/roles' })).json();
  t.ok(roles.permissions.some((p: { name: string; module: string }) => p.name === 'fake.read' && p.module === 'fake'), 'module permissions listed');
});

t.test('tenants: superadmin creates one with default categories, its mayor sees only it', async (t) => {
  const app = await build(t);
  const root = await app.injectAs('superadmin');
  const created = await root({ method: 'POST', url: '/api/v1/tenants', payload: { slug: 'trento', name: 'Comune di Trento' } });
  t.equal(created.statusCode, 201, created.body);
  expectProblem(t, await root({ method: 'POST', url: '/api/v1/tenants', payload: { slug: 'trento', name: 'Again' } }), 409, 'conflict');
  const mayor = await app.injectAs('mayor', 'trento');
  t.ok((await mayor({ method: 'GET', url: '/api/v1/tenants/trento/categories' })).json().length >= 5, 'default categories');
  expectProblem(t, await mayor({ method: 'GET', url: `/api/v1/tenants/${app.tenant}/categories` }), 404, 'not-found');
  t.equal((await root({ method: 'PATCH', url: '/api/v1/tenants/trento', payload: { name: 'Città di Trento' } })).json().name, 'Città di Trento');
  expectProblem(t, await root({ method: 'DELETE', url: `/api/v1/tenants/${app.tenant}` }), 409, 'conflict');
  t.equal((await root({ method: 'DELETE', url: '/api/v1/tenants/trento' })).statusCode, 204);
  expectProblem(t, await root({ method: 'GET', url: '/api/v1/tenants/trento' }), 404);
  const all = (await root({ method: 'GET', url: '/api/v1/audit?target=tenants' })).json();
  t.same(all.map((e: { action: string }) => e.action), ['delete', 'update', 'create']);
});

t.test('errors: unknown routes and unexpected failures use the problem shape without stacks', async (t) => {
  const app = await build(t);
  expectProblem(t, await app.fastify.inject({ method: 'GET', url: '/api/v1/nope' }), 404, 'not-found');
  const editor = await app.injectAs('editor');
  expectProblem(t, await editor({ method: 'GET', url: `/api/v1/tenants/${app.tenant}/categories/abc` }), 400, 'validation-failed');
});
