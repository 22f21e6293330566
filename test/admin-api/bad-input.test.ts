// Generated from the OpenAPI document: every writing operation refuses bad input with the right
// 4xx, a problem naming the field, and writes nothing.
import t from 'tap';
import { allModules } from '../../modules/index.js';
import { build, expectProblem, expectValidationError } from '../helpers/app.js';
import { fakeModule } from '../helpers/fake-module.js';
import { rowCounts, seedTenant } from '../helpers/fixtures.js';
import { fillPath, openApiOf, operations, sample, wrongTypeFor, type JsonSchema } from '../helpers/openapi.js';

t.test('bad input on every writing route → 4xx naming the problem, nothing written', async (t) => {
  const app = await build(t, { modules: [...allModules, fakeModule] });
  const doc = await openApiOf(app.fastify);
  const ids = await seedTenant(app, app.tenant);
  const admin = await app.injectAs('superadmin');
  const before = await rowCounts(app);
  let routes = 0;

  for (const { method, path, op } of operations(doc)) {
    const schema = op.requestBody?.content['application/json']?.schema as JsonSchema | undefined;
    if (!schema) continue;
    routes++;
    const name = `${method} ${path}`;
    const url = fillPath(path, ids);
    const send = (payload: string, contentType = 'application/json') =>
      admin({ method: method as 'POST', url, payload, headers: { 'content-type': contentType } });

    await t.test(name, async (t) => {
      expectProblem(t, await send('hello', 'text/plain'), 415, 'unsupported-media-type');
      expectValidationError(t, await send('{"unterminated": '), 'body', 'malformed-json');
      expectValidationError(t, await send('[1, 2'), 'body', 'malformed-json');
      const limit = typeof (op as { 'x-body-limit'?: unknown })['x-body-limit'] === 'number' ? (op as { 'x-body-limit': number })['x-body-limit'] : 256 * 1024;
      expectProblem(t, await send(JSON.stringify({ big: 'x'.repeat(limit + 1024) })), 413, 'payload-too-large');

      const valid = sample(schema) as Record<string, unknown>;
      for (const field of schema.required ?? []) {
        const missing = { ...valid };
        delete missing[field];
        expectValidationError(t, await send(JSON.stringify(missing)), field);
      }
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        if (property.writeOnly === undefined && property.type === undefined && !property.anyOf) continue;
        expectValidationError(t, await send(JSON.stringify({ ...valid, [field]: wrongTypeFor(property) })), field);
        if (typeof property.maxLength === 'number') {
          expectValidationError(t, await send(JSON.stringify({ ...valid, [field]: 'x'.repeat(property.maxLength + 1) })), field);
        }
      }
    });
  }
  t.ok(routes >= 10, `${routes} writing routes checked`);
  t.same(await rowCounts(app), before, 'nothing was written by any refused request');
});

t.test('nested fields are named with their path', async (t) => {
  const app = await build(t);
  const editor = await app.injectAs('editor');
  const res = await editor({ method: 'POST', url: `/api/v1/tenants/${app.tenant}/categories`, payload: { key: 'nuova', labels: { it: 'x'.repeat(101) } } });
  expectValidationError(t, res, 'labels.it');
});
