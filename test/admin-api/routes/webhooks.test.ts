import t from 'tap';
import { MemoryAdapter } from '../../../adapters/memory/index.js';
import type { ChannelAdapter, HttpRequest, HttpRoute } from '../../../core/internal.js';
import { build, expectProblem } from '../../helpers/app.js';

t.test('the webhook dispatcher serves routes attached after start with their params, raw body and limits', async (t) => {
  const app = await build(t);
  const seen: HttpRequest[] = [];
  const echo = (method: 'GET' | 'POST', path: string, bodyLimit?: number): HttpRoute => ({
    method, path, ...(bodyLimit ? { bodyLimit } : {}),
    handle: async (request) => {
      seen.push(request);
      return { response: { status: 200, body: { params: request.params, bytes: request.rawBody.byteLength }, headers: { 'x-prova': 'si' } }, events: [] };
    },
  });
  const adapter = Object.assign(Object.create(new MemoryAdapter({ account: 'uno' })) as ChannelAdapter, {
    channel: 'prova', routes: [echo('POST', '/webhooks/prova/:tenant', 16), echo('GET', `/qr/prova/${app.tenant}.png`)],
  });
  expectProblem(t, await app.fastify.inject({ method: 'POST', url: `/webhooks/prova/${app.tenant}`, payload: 'x' }), 404, 'not-found');
  await app.campanile.attachAdapter(adapter, { tenant: app.tenant });

  const posted = await app.fastify.inject({ method: 'POST', url: `/webhooks/prova/${app.tenant}?a=1`, payload: '{"x": 1}', headers: { 'content-type': 'application/json' } });
  t.equal(posted.statusCode, 200, posted.body);
  t.same(posted.json(), { params: { tenant: app.tenant }, bytes: 8 });
  t.equal(posted.headers['x-prova'], 'si');
  t.equal(Buffer.from(seen[0]!.rawBody).toString(), '{"x": 1}', 'the exact bytes');
  t.same(seen[0]!.query, { a: '1' });
  expectProblem(t, await app.fastify.inject({ method: 'POST', url: `/webhooks/prova/${app.tenant}`, payload: 'x'.repeat(17) }), 413, 'payload-too-large');
  const qr = await app.fastify.inject({ method: 'GET', url: `/qr/prova/${app.tenant}.png` });
  t.equal(qr.statusCode, 200, 'GET routes under /qr/');
  t.same(qr.json(), { params: {}, bytes: 0 });
  t.equal((await app.fastify.inject({ method: 'HEAD', url: `/qr/prova/${app.tenant}.png` })).statusCode, 200, 'HEAD as GET');

  const docs = (await app.fastify.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, unknown> };
  t.notOk(Object.keys(docs.paths).some((p) => /^\/(webhooks|qr|poster)\//.test(p)), 'kept out of the OpenAPI document');

  await app.campanile.detachAdapter('prova', 'uno', app.tenant);
  expectProblem(t, await app.fastify.inject({ method: 'POST', url: `/webhooks/prova/${app.tenant}`, payload: 'x' }), 404, 'not-found');
});

t.test('refused webhooks are counted by channel and status (a run of 401s is a wrong secret or a forger)', async (t) => {
  const app = await build(t);
  const guarded: HttpRoute = {
    method: 'POST', path: '/webhooks/guarded/:tenant',
    handle: async (request) => ({ response: { status: request.headers['x-secret'] === 'giusto' ? 200 : 401 }, events: [] }),
  };
  const adapter = Object.assign(Object.create(new MemoryAdapter({ account: 'due' })) as ChannelAdapter, { channel: 'guarded', routes: [guarded] });
  await app.campanile.attachAdapter(adapter, { tenant: app.tenant });
  const post = (secret: string) => app.fastify.inject({ method: 'POST', url: `/webhooks/guarded/${app.tenant}`, payload: '{}', headers: { 'content-type': 'application/json', 'x-secret': secret } });
  t.equal((await post('sbagliato')).statusCode, 401);
  t.equal((await post('sbagliato')).statusCode, 401);
  t.equal((await post('giusto')).statusCode, 200);
  const metrics = await app.campanile.metrics.render();
  t.match(metrics, /campanile_webhook_refused_total\{channel="guarded",status="401"\} 2/, 'two refusals counted');
  t.notMatch(metrics, /campanile_webhook_refused_total\{channel="guarded",status="200"\}/, 'accepted requests are not');
});
