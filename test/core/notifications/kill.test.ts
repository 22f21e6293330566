import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { testDatabase } from '../../helpers/database.js';

const AUDIENCE = 3000;
const MAX_UNCONFIRMED = 50;

t.test('a dispatcher SIGKILLed mid-broadcast and restarted: nobody missed, duplicates ≤ in-flight limit', async (t) => {
  const db = testDatabase(t);
  const dir = mkdtempSync(join(tmpdir(), 'campanile-kill-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const received = new Map<string, number>();
  let total = 0;
  let onPost: (() => void) | undefined;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.set(body, (received.get(body) ?? 0) + 1);
      total += 1;
      res.end('ok');
      onPost?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const env = {
    ...process.env,
    RECORDER_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    KILL_SQLITE_PATH: join(dir, 'kill.sqlite'), KILL_DATA_DIR: dir, MAX_UNCONFIRMED: String(MAX_UNCONFIRMED),
    ...(db.databaseUrl ? { KILL_DATABASE_URL: db.databaseUrl, KILL_PG_SCHEMA: db.pgSchema } : {}),
  };
  const child = (args: string[]): ChildProcess =>
    spawn(process.execPath, ['--import', 'tsx', 'test/core/notifications/fixtures/broadcast-child.ts', ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = (proc: ChildProcess) => new Promise<number | null>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));

  // Run 1: seed, send, and kill hard once a third of the audience was reached.
  const first = child(['--seed', String(AUDIENCE)]);
  const firstExit = exited(first);
  await new Promise<void>((resolve) => {
    onPost = () => {
      if (total >= AUDIENCE / 3) {
        onPost = undefined;
        resolve();
      }
    };
  });
  first.kill('SIGKILL');
  t.equal(await firstExit, -1, 'the first dispatcher was SIGKILLed');
  const atKill = total;
  t.ok(atKill < AUDIENCE, `killed mid-way (${atKill} deliveries recorded)`);

  // Run 2: a fresh process resumes the broadcast and exits when the notice is sent.
  const second = child([]);
  t.equal(await exited(second), 0, 'the restarted dispatcher finished the notice');
  t.equal(received.size, AUDIENCE, 'every recipient got the notice');
  const duplicates = total - received.size;
  t.ok(duplicates <= MAX_UNCONFIRMED, `duplicates (${duplicates}) ≤ the in-flight limit (${MAX_UNCONFIRMED})`);
  t.ok([...received.values()].every((n) => n <= 2), 'nobody got it more than twice');
});
