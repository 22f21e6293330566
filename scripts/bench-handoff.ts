/**
 * Handoff reply latency (issue 17): C concurrent live conversations (default 200) — citizens on the
 * in-memory channel, each taken by the operator — then R rounds (default 5) in which the operator
 * answers every conversation at once through the real admin API on loopback (HTTP, bearer token).
 * Latency runs from the operator's request leaving to the answer reaching the citizen's channel
 * (`adapter.send`): the route, the conversation checks, the outbox row, the lane, the send. The first
 * round warms JIT and caches and is not measured. Target: p95 < 100 ms.
 *
 *   npm run bench:handoff
 *   npm run bench:handoff -- --conversations 200 --rounds 5
 *   DATABASE_URL=postgres://… npm run bench:handoff
 *
 * The last line is JSON: {database, conversations, rounds, replyMs: {p50, p95, p99, max}, httpMs: {…}}.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { MemoryAdapter } from '../adapters/memory/index.js';
import app from '../admin-api/app.js';
import { SessionStore } from '../admin-api/plugins/app/sessions.js';
import { UsersRepository } from '../admin-api/plugins/app/users.js';
import { createCampanile, createLogger, loadConfig, toPlainText } from '../core/internal.js';
import { baseModule } from '../modules/base/index.js';
import { createHandoffModule, HandoffConversation } from '../modules/handoff/index.js';

const { values } = parseArgs({ options: { conversations: { type: 'string', default: '200' }, rounds: { type: 'string', default: '5' }, every: { type: 'string', default: '5' } } });
const conversations = Number(values.conversations);
const rounds = Number(values.rounds);
const everySeconds = Number(values.every);
// BENCH_CPU_PROFILE=<file>: a V8 CPU profile of the measured rounds only (not the set-up), for DevTools.
const profiler = process.env.BENCH_CPU_PROFILE ? cpuProfiler(process.env.BENCH_CPU_PROFILE) : undefined;
const dir = mkdtempSync(join(tmpdir(), 'campanile-bench-handoff-'));

const memory = new MemoryAdapter();
/** Who waits for which text in which chat (`<chat>|<text>`): resolved with the time the channel accepted it. */
const expected = new Map<string, (at: number) => void>();
memory.onSend = (ref, message) => {
  if (message.text) expected.get(`${ref.chatId}|${toPlainText(message.text)}`)?.(performance.now());
  return undefined;
};
const arrival = (key: string) => new Promise<number>((resolve) => expected.set(key, resolve));
const handoff = createHandoffModule();
const campanile = await createCampanile({
  config: loadConfig({ DATABASE_URL: process.env.DATABASE_URL, SQLITE_PATH: join(dir, 'bench.sqlite'), DATA_DIR: dir, CAMPANILE_TENANT_SLUG: 'esempio' }),
  log: createLogger({ level: 'warn' }),
  modules: [baseModule, handoff],
  adapters: [{ adapter: memory }],
});
const fastify = Fastify({ logger: false });
try {
  await campanile.start();
  await fastify.register(app, { campanile, env: {} });
  const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
  const tenant = campanile.defaultTenant;
  const em = () => campanile.db.em.fork();
  const user = await new UsersRepository(em).create({ email: `bench-${Date.now()}@example.org`, password: 'bench password long enough', role: 'operator', tenantId: tenant.id });
  const { token } = await new SessionStore(em, 3_600_000).create(user, '127.0.0.1');
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${address}/api/v1/tenants/${tenant.slug}/handoff${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<unknown>;
  };

  await api('PUT', '/presence', { status: 'online' });
  const run = `${Date.now()}`;
  const chats = Array.from({ length: conversations }, (_, i) => `bench-${run}-${i}`);
  // Set-up (not measured): every citizen asks for a person, the operator takes every conversation.
  for (const chat of chats) await memory.say(tenant.slug, chat, '/operatore');
  const inbox = (await api('GET', `/conversations?filter=waiting&limit=500`)) as { items: { id: number; channel: string }[] };
  const ids = inbox.items.map((c) => c.id);
  if (ids.length < conversations) throw new Error(`only ${ids.length} of ${conversations} conversations are waiting`);
  for (const id of ids) await api('POST', `/conversations/${id}/take`);
  const taken = await campanile.services.tenants.scopedEm(tenant.id).find(HandoffConversation, { id: { $in: ids } }, { populate: ['identity'] });
  const chatOf = new Map(taken.map((c) => [c.id, c.identity.address.chatId]));

  /** One operator answer: request → the person's channel, and request → the HTTP answer. */
  const answer = async (id: number, text: string) => {
    const arrived = arrival(`${chatOf.get(id)}|${text}`);
    const start = performance.now();
    await api('POST', `/conversations/${id}/reply`, { text });
    const answered = performance.now();
    return { reply: (await arrived) - start, http: answered - start };
  };
  for (const id of ids) await answer(id, `Benvenuto ${id}`); // warm-up: JIT, statement caches, the lane

  // Paced: every conversation gets an answer every `--every` seconds on average (Poisson arrivals over
  // all of them), which is what 200 live conversations look like — an operator types for seconds.
  await profiler?.start();
  const cpu0 = process.cpuUsage();
  const paced: Promise<{ reply: number; http: number }>[] = [];
  const ratePerMs = conversations / (everySeconds * 1000);
  const t0 = performance.now();
  let next = t0;
  for (let i = 0; i < conversations * rounds; i += 1) {
    next += -Math.log(1 - Math.random()) / ratePerMs;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const id = ids[i % ids.length]!;
    paced.push(answer(id, `Risposta ${i} alla conversazione ${id}`));
  }
  const pacedResults = await Promise.all(paced);
  const pacedSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await profiler?.stop();

  // Burst: every conversation answered at the same instant, `--rounds` times: the worst case, not a target.
  const burstResults: { reply: number; http: number }[] = [];
  for (let round = 0; round < rounds; round += 1) {
    burstResults.push(...(await Promise.all(ids.map((id) => answer(id, `Raffica ${round} alla conversazione ${id}`)))));
  }
  const load = loadavg().map((x) => Number(x.toFixed(2)));
  console.error(`node ${process.version}; ${conversations} live conversations; paced ${paced.length} answers in ${pacedSeconds.toFixed(1)} s, then ${rounds} bursts of ${conversations}; load average ${load.join(' ')}`);
  console.log(JSON.stringify({
    database: process.env.DATABASE_URL ? 'postgresql' : 'sqlite', conversations, answersPerSecond: Number((paced.length / pacedSeconds).toFixed(1)),
    replyMs: summary(pacedResults.map((r) => r.reply)), httpMs: summary(pacedResults.map((r) => r.http)),
    cpuMsPerAnswer: Number(((cpu.user + cpu.system) / 1000 / paced.length).toFixed(2)),
    burst: { replyMs: summary(burstResults.map((r) => r.reply)), httpMs: summary(burstResults.map((r) => r.http)) },
    loadAverage: load,
  }));
} finally {
  await fastify.close();
  await campanile.stop();
  rmSync(dir, { recursive: true, force: true });
}

function cpuProfiler(file: string) {
  const session = new Session();
  session.connect();
  const post = <T>(method: string) => new Promise<T>((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result as T))));
  return {
    start: async () => { await post('Profiler.enable'); await post('Profiler.start'); },
    stop: async () => writeFileSync(file, JSON.stringify((await post<{ profile: object }>('Profiler.stop')).profile)),
  };
}

/** p50/p95/p99 (nearest rank) and max, in ms with two decimals. */
function summary(values: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN).toFixed(2));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: Number((sorted.at(-1) ?? NaN).toFixed(2)) };
}
