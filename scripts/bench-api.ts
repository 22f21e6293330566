/**
 * `npm run bench:api`: requests/s and p99 latency of the admin API on loopback, with autocannon:
 *   1. an authenticated read (GET /api/v1/tenants/:tenant/categories with a bearer token: session
 *      lookup + tenant check + one query + serialization);
 *   2. webhook ingestion: POST /webhooks/bench/:tenant on a tiny test adapter (the in-memory channel
 *      plus one webhook route), each request a new message the engine then handles in full.
 * SQLite in a temporary folder unless DATABASE_URL is set. Last line: JSON
 * {readRps, readP99Ms, webhookRps, webhookP99Ms}.
 *
 *   npm run bench:api
 *   BENCH_SECONDS=20 BENCH_CONNECTIONS=100 npm run bench:api
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { MemoryAdapter } from '../adapters/memory/index.js';
import app from '../admin-api/app.js';
import { createCampanile, createLogger, loadConfig, type DeliveryResult, type HttpRoute } from '../core/internal.js';
import { allModules } from '../modules/index.js';
import { UsersRepository } from '../admin-api/plugins/app/users.js';
import { SessionStore } from '../admin-api/plugins/app/sessions.js';

/** The in-memory channel with a webhook: `{"id","chat","text"}` becomes one inbound text message. */
class BenchAdapter extends MemoryAdapter {
  readonly routes: readonly HttpRoute[] = [{
    method: 'POST',
    path: '/webhooks/bench/:tenant',
    handle: async (request) => {
      const update = JSON.parse(Buffer.from(request.rawBody).toString('utf8')) as { id: string; chat: string; text: string };
      const tenant = request.params.tenant ?? '';
      return { response: { status: 200, body: { ok: true } }, events: [{ ...this.base(tenant, update.chat, { id: update.id }), kind: 'text', text: update.text }] };
    },
  }];

  // Replies are counted, not kept: a long run would otherwise hold every reply in memory.
  replies = 0;
  override async send(): Promise<DeliveryResult> {
    this.replies++;
    return { status: 'delivered', messageId: `b-${this.replies}` };
  }
}

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const dir = mkdtempSync(join(tmpdir(), 'campanile-bench-'));
const config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: dir, SQLITE_PATH: join(dir, 'bench.sqlite') });
const log = createLogger({ level: 'silent' });
const adapter = new BenchAdapter();
const campanile = await createCampanile({ config, log, modules: allModules, adapters: [{ adapter }] });
await campanile.start();
const fastify = Fastify({ logger: false });
await fastify.register(app, { campanile, env: {} });
const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
const tenant = campanile.defaultTenant.slug;

const em = () => campanile.db.em.fork();
const user = await new UsersRepository(em).create({ email: `bench-${Date.now()}@example.org`, password: 'bench password long enough', role: 'editor', tenantId: campanile.defaultTenant.id });
const { token } = await new SessionStore(em, 3_600_000).create(user, '127.0.0.1');

// BENCH_ONLY=webhook skips the read phase (profiling one kind of traffic).
const only = process.env.BENCH_ONLY;
const read = await autocannon({
  url: `${address}/api/v1/tenants/${tenant}/categories`, connections, duration: only === 'webhook' ? 0.1 : seconds,
  headers: { authorization: `Bearer ${token}` },
});
console.log(`read    ${Math.round(read.requests.average)} req/s, p50 ${read.latency.p50} ms, p99 ${read.latency.p99} ms, non-2xx ${read.non2xx}, errors ${read.errors}`);

let n = 0;
const webhook = await autocannon({
  url: address, connections, duration: seconds,
  requests: [{
    method: 'POST', path: `/webhooks/bench/${tenant}`, headers: { 'content-type': 'application/json' },
    setupRequest: (request) => {
      n++;
      return { ...request, body: JSON.stringify({ id: `u${n}`, chat: `c${n % 500}`, text: 'orari ufficio anagrafe' }) };
    },
  }],
});
const started = Date.now();
await campanile.engine.drain();
console.log(`webhook ${Math.round(webhook.requests.average)} req/s, p50 ${webhook.latency.p50} ms, p99 ${webhook.latency.p99} ms, non-2xx ${webhook.non2xx}, errors ${webhook.errors}; engine backlog drained in ${Date.now() - started} ms (${adapter.replies} replies)`);
console.log(`database ${campanile.db.dialect}, ${connections} connections, ${seconds} s per run, Node ${process.version}`);

await fastify.close();
await campanile.stop();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ readRps: Math.round(read.requests.average), readP99Ms: read.latency.p99, webhookRps: Math.round(webhook.requests.average), webhookP99Ms: webhook.latency.p99 }));
