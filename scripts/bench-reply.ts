/**
 * Reply latency on an idle system (issue 22, "One outbound path"): M messages (default 200), one after
 * the other, through the real engine and outbox into the memory channel — each a new person pressing
 * /start (welcome + category menu). Latency runs from handing the inbound message to the engine to the
 * channel accepting the reply: the turn, its commit with the reply rows, the in-process lane wake-up,
 * the claim and the send. `firstReplyMs` is the welcome; `lastReplyMs` the menu after it (per-chat
 * order: it waits for the welcome's outcome). 20 unmeasured messages warm up JIT and caches first.
 * Target: first reply p50 < 20 ms, p99 < 100 ms.
 *
 *   npm run bench:reply
 *   npm run bench:reply -- --messages 200
 *   DATABASE_URL=postgres://… npm run bench:reply
 *
 * The last line is JSON: {messages, database, firstReplyMs: {p50, p95, p99, max}, lastReplyMs: {…}}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MemoryAdapter } from '../adapters/memory/index.js';
import { createCampanile, createLogger, loadConfig } from '../core/internal.js';
import { allModules } from '../modules/index.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '200' }, warmup: { type: 'string', default: '20' } } });
const messages = Number(values.messages);
const warmup = Number(values.warmup);
const dir = mkdtempSync(join(tmpdir(), 'campanile-bench-reply-'));

const memory = new MemoryAdapter();
/** When the channel accepted each send, per chat. */
const accepted = new Map<string, number[]>();
memory.onSend = (ref) => {
  accepted.set(ref.chatId, [...(accepted.get(ref.chatId) ?? []), performance.now()]);
  return undefined;
};
const app = await createCampanile({
  config: loadConfig({ DATABASE_URL: process.env.DATABASE_URL, SQLITE_PATH: join(dir, 'bench.sqlite'), DATA_DIR: dir, CAMPANILE_TENANT_SLUG: 'esempio' }),
  log: createLogger({ level: 'warn' }),
  modules: allModules,
  adapters: [{ adapter: memory }],
});
try {
  await app.start();
  const tenant = app.defaultTenant.slug;
  const first: number[] = [];
  const last: number[] = [];
  for (let i = 0; i < warmup + messages; i += 1) {
    const chatId = `bench-${Date.now()}-${i}`;
    const message = { ...memory.base(tenant, chatId), kind: 'command' as const, command: 'start', argument: '' };
    const done = new Promise<void>((resolve) => {
      const off = app.engine.events.on('turn:done', (e) => {
        if (e.messageId !== message.id) return;
        off();
        resolve();
      });
    });
    const start = performance.now();
    await memory.deliver(message);
    await done;
    // `turn:done` follows the replies' first outcomes; the menu may still be on its way (per-chat order).
    while ((accepted.get(chatId)?.length ?? 0) < 2) await new Promise((resolve) => setImmediate(resolve));
    if (i < warmup) continue;
    const times = accepted.get(chatId)!;
    first.push(times[0]! - start);
    last.push(times.at(-1)! - start);
  }
  console.error(`node ${process.version}; ${messages} turns measured after ${warmup} warm-up; ${memory.sent.length} replies sent in all`);
  console.log(JSON.stringify({
    messages, database: process.env.DATABASE_URL ? 'postgresql' : 'sqlite', firstReplyMs: summary(first), lastReplyMs: summary(last),
  }));
} finally {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** p50/p95/p99 (nearest rank) and max, in ms with two decimals. */
function summary(values: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN).toFixed(2));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: Number((sorted.at(-1) ?? NaN).toFixed(2)) };
}
