import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { freePort } from '../helpers/free-port.js';
import { spawnServer } from '../helpers/server-process.js';

// Issue 21 "Operations", acceptance 1: configuration validated at start. The real `npm start` entry point
// (admin-api/server.ts under tsx) is spawned with a bad environment.

/** Runs server.ts with `env` until it exits; its exit code and everything it wrote. */
function runServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'admin-api/server.ts'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CAMPANILE_ADAPTERS: 'webchat', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

t.test('bad DATABASE_URL and other bad variables: the start exits non-zero naming each, nothing created', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'campanile-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  const { code, output } = await runServer({
    DATA_DIR: dataDir, DATABASE_URL: 'mysql://root@localhost/campanile', PORT: 'eighty', CAMPANILE_TIMEZONE: 'Mars/Olympus',
    LOG_LEVEL: 'chatty', NOTIFY_CONCURRENCY: '0', SESSION_TTL_HOURS: 'forever',
  });
  t.equal(code, 78, 'exit code 78 (EX_CONFIG)');
  for (const name of ['DATABASE_URL', 'PORT', 'CAMPANILE_TIMEZONE', 'LOG_LEVEL', 'NOTIFY_CONCURRENCY', 'SESSION_TTL_HOURS']) {
    t.match(output, new RegExp(`${name}="`), `the message names ${name}`);
  }
  t.match(output, /"mysql" is not supported/, 'and says which databases are');
  t.notOk(existsSync(dataDir), 'no data dir was created');
  t.same(readdirSync(dir), [], 'nothing at all was written');
});

t.test('DATABASE_URL=sqlite:<path> conflicting with SQLITE_PATH stops the start, nothing created', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'campanile-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { code, output } = await runServer({ DATA_DIR: join(dir, 'data'), DATABASE_URL: `sqlite:${join(dir, 'a.sqlite')}`, SQLITE_PATH: join(dir, 'b.sqlite') });
  t.equal(code, 78);
  t.match(output, /SQLITE_PATH=".*b\.sqlite": conflicts with DATABASE_URL/);
  t.same(readdirSync(dir), []);
});

t.test('DATABASE_URL=sqlite:<path> starts on that file; SIGTERM exits 0', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'campanile-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'db', 'comune.sqlite');
  const port = await freePort();
  const server = spawnServer({ CAMPANILE_ADAPTERS: 'webchat', DATA_DIR: join(dir, 'data'), DATABASE_URL: `sqlite:${file}`, PORT: String(port), LOG_LEVEL: 'info' });
  t.teardown(() => server.child.kill('SIGKILL'));
  await server.running;
  t.ok(existsSync(file), 'the SQLite file is the one DATABASE_URL names');
  t.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
  server.child.kill('SIGTERM');
  t.equal(await server.exited, 0, 'SIGTERM: exit 0');
});

t.test("channels' variables are in the same list as the core's: each named, a token's value never printed", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'campanile-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { code, output } = await runServer({
    DATA_DIR: join(dir, 'data'), PORT: 'eighty', CAMPANILE_ADAPTERS: 'webchat,telegram,whatsapp',
    TELEGRAM_BOT_TOKEN: 'secret-but-malformed', WHATSAPP_TOKEN: 'wa-secret-token',
  });
  t.equal(code, 78, 'exit code 78 (EX_CONFIG)');
  const message = output.slice(output.indexOf('Campanile cannot start'));
  t.match(message, /3 variables are wrong/, 'one message for all of them');
  t.match(message, /PORT="eighty"/, "the core's");
  t.match(message, /TELEGRAM_BOT_TOKEN="\(hidden\)": the telegram channel is misconfigured/, "Telegram's, by its variable");
  t.match(message, /WHATSAPP_PHONE_NUMBER_ID="": the whatsapp channel is misconfigured/, "WhatsApp's, naming what is missing");
  t.notMatch(output, /secret-but-malformed|wa-secret-token/, 'no token printed');
  t.same(readdirSync(dir), [], 'nothing written');
});
