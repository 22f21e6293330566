// Generated from the OpenAPI document: every operation, present and future, is checked for
// authentication (401), permission (403) and tenant isolation (404) without editing this file.
import t from 'tap';
import { ROLES, type Role } from '../../core/internal.js';
import { allModules } from '../../modules/index.js';
import { build } from '../helpers/app.js';
import { fakeModule } from '../helpers/fake-module.js';
import { seedTenant } from '../helpers/fixtures.js';
import { fillPath, isPublic, METHODS, openApiOf, operations, sample, type JsonSchema, type Operation } from '../helpers/openapi.js';

const bodyOf = (op: Operation): unknown => {
  const schema = op.requestBody?.content['application/json']?.schema;
  return schema ? sample(schema as JsonSchema) : undefined;
};

t.test('the OpenAPI document is a well-formed OpenAPI 3 document', async (t) => {
  const app = await build(t, { modules: [...allModules, fakeModule] });
  const doc = await openApiOf(app.fastify);
  t.match(doc.openapi, /^3\.\d+\.\d+$/, 'openapi version field');
  t.ok(doc.info.title && doc.info.version, 'info.title and info.version');
  const ops = operations(doc);
  t.ok(ops.length >= 30, `${ops.length} operations`);
  for (const { method, path, op } of ops) {
    const name = `${method} ${path}`;
    t.ok(op.summary && op.summary.length > 3, `${name} has a summary`);
    t.ok(Array.isArray(op.tags) && op.tags.length > 0, `${name} has tags`);
    const responses = Object.entries(op.responses ?? {});
    t.ok(responses.length > 0, `${name} has responses`);
    for (const [status, response] of responses) {
      t.ok(/^[1-5]\d\d$/.test(status), `${name} ${status} is a status code`);
      t.type(response.description, 'string', `${name} ${status} has a description`);
      if (status !== '204') t.ok(Object.values(response.content ?? {}).some((c) => c.schema), `${name} ${status} has a schema`);
    }
    const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name));
    for (const [, param] of path.matchAll(/\{(\w+)\}/g)) t.ok(declared.has(param ?? ''), `${name} declares path parameter ${param}`);
    if (!isPublic(op)) {
      t.ok(op.responses?.['401'] && op.responses['403'] && op.responses['404'], `${name} documents 401/403/404`);
    }
    for (const key of Object.keys(doc.paths[path] ?? {})) t.ok((METHODS as readonly string[]).includes(key) || key === 'parameters', `${path}: ${key} is an HTTP method`);
  }
  t.ok(ops.some(({ path }) => path.includes('/fake/notes')), 'module routes are documented');
});

t.test('every operation: 401 without credentials, 403 without the permission, 404 on another comune', async (t) => {
  const app = await build(t, { modules: [...allModules, fakeModule] });
  const { fastify, tenant, otherTenant } = app;
  const doc = await openApiOf(fastify);
  const own = await seedTenant(app, tenant);
  const foreign = await seedTenant(app, otherTenant);
  const mayor = await app.injectAs('mayor', tenant);
  const ops = operations(doc);
  let checked401 = 0, checked403 = 0, checked404 = 0, checkedForeignIds = 0;

  for (const { method, path, op } of ops) {
    const name = `${method} ${path}`;
    const body = bodyOf(op);
    const payload = body === undefined ? {} : { payload: body as Record<string, unknown> };
    if (isPublic(op)) continue;

    // 401: no credentials, and a made-up token.
    const anonymous = await fastify.inject({ method: method as 'GET', url: fillPath(path, own), ...payload });
    t.equal(anonymous.statusCode, 401, `${name} without credentials → 401`);
    t.equal(anonymous.json().code, 'unauthenticated');
    const forged = await fastify.inject({ method: method as 'GET', url: fillPath(path, own), headers: { authorization: 'Bearer forged-token' }, ...payload });
    t.equal(forged.statusCode, 401, `${name} with a forged token → 401`);
    checked401++;

    // 403: a role of the own comune lacking the permission.
    const permission = op['x-permission'];
    if (permission) {
      const lacking = (ROLES.filter((r) => r !== 'superadmin') as Role[]).find((role) => !fastify.permissions.allows(role, permission));
      if (lacking) {
        const res = await (await app.injectAs(lacking, tenant))({ method: method as 'GET', url: fillPath(path, own), ...payload });
        t.equal(res.statusCode, 403, `${name} as ${lacking} (lacks ${permission}) → 403`);
        t.equal(res.json().code, 'forbidden');
        checked403++;
      }
    }

    // 404: the mayor of one comune (who holds every permission there) on another comune's path…
    if (path.includes('{tenant}')) {
      const res = await mayor({ method: method as 'GET', url: fillPath(path, foreign), ...payload });
      t.equal(res.statusCode, 404, `${name} on another comune → 404`);
      t.notMatch(res.body, /seed-secret-token|chat-altro/, 'nothing of the other comune leaks');
      checked404++;
      // …and on the own comune's path with another comune's resource ids.
      const idParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((n) => n !== 'tenant');
      if (idParams.length > 0) {
        const mixed = Object.fromEntries([['tenant', tenant], ...idParams.map((n) => [n, foreign[n ?? ''] ?? 999999])]);
        const res2 = await (await app.injectAs('superadmin'))({ method: method as 'GET', url: fillPath(path, mixed), ...payload });
        t.equal(res2.statusCode, 404, `${name} with another comune's ids → 404 (${res2.body.slice(0, 120)})`);
        checkedForeignIds++;
      }
    }
  }
  t.ok(checked401 > 25 && checked403 > 20 && checked404 > 20 && checkedForeignIds > 8, `checked ${checked401} × 401, ${checked403} × 403, ${checked404} × 404, ${checkedForeignIds} × foreign ids`);
});
