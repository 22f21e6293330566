import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import t, { type Test } from 'tap';
import { MemoryAdapter } from '../../../adapters/memory/index.js';
import { sqlRunner } from '../../../core/internal.js';
import { buildApp, textOf } from '../../helpers/campanile.js';
import { onPostgres, testDatabase, type TestDatabase } from '../../helpers/database.js';

// Issue "One outbound path", acceptance: SIGKILL of the process right after a turn commits. The reply
// rows are committed with the turn and claimed by the dying process's lane (its channel never answers),
// so the next process must take the lane over, reap the rows and send each reply once, in order.
const CHAT = '4242';
const REPLIES = 2; // /start: the welcome, then the category menu

/** One database for two processes: a SQLite file in a temp dir, or this test's PostgreSQL schema. */
function sharedDatabase(t: Test): TestDatabase {
  if (onPostgres()) return testDatabase(t);
  const dir = mkdtempSync(join(tmpdir(), 'campanile-kill-reply-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return { databaseUrl: undefined, pgSchema: undefined, sqlitePath: join(dir, 'campanile.sqlite') };
}

/** Starts the child, waits for its `committed` line and SIGKILLs it at once. */
async function killAfterCommit(t: Test, database: TestDatabase, beforeKill?: () => Promise<unknown>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'campanile-kill-reply-data-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = {
    ...process.env, KILL_SQLITE_PATH: database.sqlitePath, KILL_DATA_DIR: dir, KILL_CHAT: CHAT, KILL_REPLIES: String(REPLIES),
    ...(database.databaseUrl ? { KILL_DATABASE_URL: database.databaseUrl, KILL_PG_SCHEMA: database.pgSchema } : {}),
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/core/outbound/fixtures/reply-child.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const committed = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => line.startsWith('committed') && resolve(line));
    child.on('exit', (code) => reject(new Error(`the child exited (${code}) before its turn committed`)));
  });
  await beforeKill?.();
  child.kill('SIGKILL');
  t.equal(await exited, 'SIGKILL', `the child was SIGKILLed right after "${committed}"`);
  return committed;
}

/** Waits until the memory channel holds `count` messages, then a little longer to catch duplicates. */
async function sentAtLeast(memory: MemoryAdapter, count: number, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (memory.sent.length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  // A duplicate would follow the originals closely (same lane, next claim): give it time to show.
  await new Promise((resolve) => setTimeout(resolve, 500));
}

function assertOnceInOrder(t: Test, memory: MemoryAdapter): void {
  const toChat = memory.sent.filter((s) => s.ref.chatId === CHAT);
  t.equal(toChat.length, REPLIES, `each reply arrived exactly once (${toChat.length} of ${REPLIES})`);
  t.match(textOf(toChat.slice(0, 1).map((s) => s.message)), /Comune di Esempio/, 'the welcome first');
  t.ok(toChat[1]?.message.choices?.length, 'the category menu second: in order');
}

async function replyStates(app: Awaited<ReturnType<typeof buildApp>>['app']): Promise<string[]> {
  const states = async () => (await sqlRunner(app.db).rows(`select state from delivery where kind = 'reply' order by id`)).map((r) => String(r.state));
  for (let i = 0; i < 200 && (await states()).some((s) => s !== 'sent'); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  return states();
}

t.test('SIGKILL right after a turn commits: the next process on the database sends each reply once, in order', async (t) => {
  const database = sharedDatabase(t);
  await killAfterCommit(t, database);

  const memory = new MemoryAdapter();
  // Short leases: the dead child's lane (its lease 500 ms) is taken over, and its claimed rows reaped, at once.
  const { app } = await buildApp(t, { database, memory, notifications: { laneLeaseMs: 500, rowLeaseMs: 1000, reapIntervalMs: 200 } });
  await sentAtLeast(memory, REPLIES);
  assertOnceInOrder(t, memory);
  t.same(await replyStates(app), ['sent', 'sent'], 'both reply rows end sent');
});

t.test('PostgreSQL: a second process already running sends the replies while the first stays dead', { skip: !onPostgres() && 'needs TEST_DATABASE_URL' }, async (t) => {
  const database = sharedDatabase(t);
  // The second process starts once the first has committed and claimed (so the first owns the lane), and
  // is running when the first dies: it must take the lane over by itself, nobody restarts anything.
  const memory = new MemoryAdapter();
  let second: Awaited<ReturnType<typeof buildApp>> | undefined;
  await killAfterCommit(t, database, async () => {
    second = await buildApp(t, { database, memory, notifications: { laneLeaseMs: 500, rowLeaseMs: 1000, reapIntervalMs: 200 } });
  });
  const { app } = second!;
  t.equal(memory.sent.length, 0, 'nothing was sent while the first process owned the lane');
  await sentAtLeast(memory, REPLIES);
  assertOnceInOrder(t, memory);
  t.same(await replyStates(app), ['sent', 'sent'], 'both reply rows end sent');
});
