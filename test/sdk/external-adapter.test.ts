import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t, { type Test } from 'tap';
import { freshPgDatabase } from '../helpers/database.js';
import { freePort } from '../helpers/free-port.js';
import { buildAndPack, buildTypes, campanileLink, installDeployment, repoRoot } from '../helpers/packed-deployment.js';

// Issue 14's acceptance: an adapter that lives outside the source tree, compiled against the emitted
// declarations, packed, `npm install`ed into a deployment, named in its config, and run by `npm start`.
const TENANT = 'esempio';
const SECRET = 'echo-shared-secret-0123';
const ADMIN = { email: 'root@comune.example', password: 'una passphrase lunga abbastanza' };
const server = join(repoRoot, 'admin-api/server.ts');
const tsx = import.meta.resolve('tsx');

/** A fresh PostgreSQL database per start when TEST_DATABASE_URL is set (server.ts lives in `public`), else SQLite. */
/** The database a started deployment uses: SQLite in its folder (''), or a fresh PostgreSQL one. */
const databaseUrl = async (t: Test): Promise<string> => (process.env.TEST_DATABASE_URL ? freshPgDatabase(t) : '');

/** The tables of a database (PostgreSQL's public schema), to show a failed start created none. */
async function pgTables(url: string): Promise<string[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public'`)).rows.map((r) => r.table_name);
  } finally { await client.end(); }
}

interface Started { readonly port: number; readonly exit: Promise<number | null>; output(): string }

/** `npm start` in the deployment directory: resolves once it listens, or when it exits first. */
async function start(t: Test, deployment: string, env: Record<string, string>): Promise<Started & { running: boolean }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', tsx, server], {
    cwd: deployment,
    env: { ...process.env, CAMPANILE_ADAPTERS: undefined, CAMPANILE_MODULES: undefined, CAMPANILE_CONFIG: undefined, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: join(deployment, 'data'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.teardown(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exit;
  });
  const running = await new Promise<boolean>((resolve) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Campanile is running')) resolve(true);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exit.then(() => resolve(false));
  });
  return { port, exit, running, output: () => output };
}

/** The fake echo service: every message Campanile POSTs, and a wait for the next one matching. */
async function echoService(t: Test) {
  const received: { chatId: string; text: string; buttons?: { label: string; payload: string }[]; secret?: string }[] = [];
  const waiting: { test: (text: string) => boolean; resolve: (text: string) => void }[] = [];
  const body = (req: IncomingMessage) => new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => resolve(data));
  });
  const http = createServer(async (req, res) => {
    const message = { ...(JSON.parse(await body(req)) as (typeof received)[number]), secret: String(req.headers['x-echo-secret']) };
    received.push(message);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ id: `echo-${received.length}` }));
    for (const w of [...waiting]) if (w.test(message.text)) waiting.splice(waiting.indexOf(w), 1), w.resolve(message.text);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => http.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/send`,
    received,
    /** The next text matching, or one already received since `from`. */
    next(pattern: RegExp, from = 0): Promise<string> {
      const seen = received.slice(from).find((m) => pattern.test(m.text));
      if (seen) return Promise.resolve(seen.text);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no echo message matched ${pattern}; got: ${received.map((m) => m.text).join(' | ')}`)), 20_000);
        waiting.push({ test: (text) => pattern.test(text), resolve: (text) => (clearTimeout(timer), resolve(text)) });
      });
    },
  };
}

const listening = (port: number) => new Promise<boolean>((resolve) => {
  const socket = connect(port, '127.0.0.1');
  socket.on('connect', () => (socket.destroy(), resolve(true)));
  socket.on('error', () => resolve(false));
});

t.test('an adapter package built outside the tree, packed and installed, carries a conversation and a notice', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'campanile-sdk-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // Once per file: build:types (the declarations an external package type-checks against), then the fixture.
  await buildTypes();
  const campanile = campanileLink(dir);
  const echo = await buildAndPack(join(repoRoot, 'test/fixtures/external-adapter'), dir, campanile);
  t.ok(existsSync(echo), `the fixture type-checked against dist/types and packed (${echo})`);

  // Broken packages for the failing starts, installed the same way.
  const broken = join(dir, 'broken');
  const brokenPackage = (name: string, code: string) => {
    mkdirSync(join(broken, name), { recursive: true });
    writeFileSync(join(broken, name, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', exports: './index.js', peerDependencies: { campanile: '*' } }));
    writeFileSync(join(broken, name, 'index.js'), code);
    return buildAndPack(join(broken, name), dir, campanile);
  };
  const tarballs = [
    echo,
    await brokenPackage('campanile-adapter-nofactory', 'export const helper = () => 1;\n'),
    await brokenPackage('campanile-adapter-malformed', "export default { channel: 'Echo!', accountSchema: {}, fromEnv: () => undefined };\n"),
    await brokenPackage('campanile-adapter-throws', "import 'campanile';\nthrow new Error('the adapter needs ECHO_REGION at import');\n"),
  ];
  const deployment = await installDeployment(dir, campanile, tarballs);
  writeFileSync(join(deployment, 'campanile.config.json'), JSON.stringify({ adapters: ['webchat', 'campanile-adapter-echo'] }));

  t.test('start, conversation through the echo webhook, notice through the admin API', async (t) => {
    const service = await echoService(t);
    const db = await databaseUrl(t);
    const app = await start(t, deployment, {
      DATABASE_URL: db, ECHO_OUTBOUND_URL: service.url, ECHO_SECRET: SECRET,
      CAMPANILE_ADMIN_EMAIL: ADMIN.email, CAMPANILE_ADMIN_PASSWORD: ADMIN.password,
    });
    t.ok(app.running, `Campanile started with the installed adapter\n${app.running ? '' : app.output()}`);
    if (!app.running) return;
    t.match(app.output(), /"adapters":\["webchat","campanile-adapter-echo"\]/, 'the deployment log names the package from campanile.config.json');
    const base = `http://127.0.0.1:${app.port}`;
    const webhook = (update: object, secret = SECRET) => fetch(`${base}/webhooks/echo/${TENANT}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-echo-secret': secret }, body: JSON.stringify(update),
    });

    t.equal((await webhook({ id: 'u0', chatId: 'c1', text: '/start' }, 'a-wrong-secret-value-x')).status, 401, 'a webhook with the wrong secret is refused');
    t.equal(service.received.length, 0, 'and reaches nobody');

    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    t.equal(login.status, 200, 'the first superadmin signs in');
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}`, 'content-type': 'application/json' };
    const categories = (await (await fetch(`${base}/api/v1/tenants/${TENANT}/categories`, { headers: auth })).json()) as { id: number; key: string }[];
    const mobility = categories.find((c) => c.key === 'mobilita');
    t.ok(mobility, 'the default categories exist');

    t.equal((await webhook({ id: 'u1', chatId: 'c1', text: '/start' })).status, 200);
    // Eight choices on a three-button channel: core's numberedChoices fallback renders them as a list.
    const menu = await service.next(/1\..*\n.*2\./s);
    t.match(menu, /Mobilità/, 'the categories reach the echo service as a numbered list');
    t.ok(service.received.every((m) => m.secret === SECRET), 'every send carries the secret');
    t.ok(service.received.every((m) => m.text.length <= 500), 'no part is longer than the channel\'s text limit');

    const before = service.received.length;
    t.equal((await webhook({ id: 'u2', chatId: 'c1', payload: `base:toggle:${mobility!.id}` })).status, 200);
    t.match(await service.next(/Iscrizione a Mobilità e parcheggi attivata/, before), /attivata/, 'a button press subscribes');

    const created = await fetch(`${base}/api/v1/tenants/${TENANT}/notices`, {
      method: 'POST', headers: auth, body: JSON.stringify({ title: 'Strada chiusa', text: 'Via Roma è chiusa dalle 8 alle 18.', categoryId: mobility!.id }),
    });
    t.equal(created.status, 201, 'the notice is created');
    const notice = (await created.json()) as { id: number };
    const sent = await fetch(`${base}/api/v1/tenants/${TENANT}/notices/${notice.id}/send`, { method: 'POST', headers: { authorization: auth.authorization } });
    t.ok(sent.ok, `the notice is sent (${sent.status})`);
    t.match(await service.next(/Via Roma è chiusa/), /Strada chiusa/, 'the notice reaches the citizen through the echo adapter');
    t.ok(service.received.filter((m) => /Via Roma/.test(m.text)).every((m) => m.chatId === 'c1'), 'to the subscribed chat');
  });

  t.test('the conformance kit passes on the installed package (its own harness, built against campanile/testing)', async (t) => {
    const entry = join(deployment, 'node_modules', 'campanile-adapter-echo', 'dist', 'conformance.js');
    const { runEchoConformance } = (await import(pathToFileURL(entry).href)) as { runEchoConformance: (t: Test) => Promise<void> };
    await runEchoConformance(t);
  });

  const failures: [string, string, RegExp][] = [
    ['not installed', 'campanile-adapter-missing', /adapter \\?"campanile-adapter-missing\\?" is neither built in .* nor an installed package: check the name or run npm install campanile-adapter-missing/],
    ['exporting no factory', 'campanile-adapter-nofactory', /adapter package \\?"campanile-adapter-nofactory\\?" exports nothing usable; it must export a ChannelFactory/],
    ['with a malformed factory', 'campanile-adapter-malformed', /adapter package \\?"campanile-adapter-malformed\\?" its export is not valid: \\?"channel\\?" must be a lowercase id/],
    ['throwing on import', 'campanile-adapter-throws', /adapter package \\?"campanile-adapter-throws\\?" failed to load: the adapter needs ECHO_REGION at import/],
  ];
  for (const [what, name, message] of failures) {
    t.test(`a package ${what}: exit 1 with one message naming it, nothing half-started`, async (t) => {
      const db = await databaseUrl(t);
      const data = join(deployment, `data-${name}`);
      const app = await start(t, deployment, { DATABASE_URL: db, DATA_DIR: data, CAMPANILE_ADAPTERS: `webchat,${name}`, ECHO_SECRET: SECRET, ECHO_OUTBOUND_URL: 'http://127.0.0.1:1/send' });
      t.notOk(app.running, 'it never reports running');
      t.equal(await app.exit, 1, 'the process exits with 1');
      t.match(app.output(), message, 'the message names the package and the fix');
      t.equal(app.output().split('\n').filter((line) => line.includes('"level":60')).length, 1, 'one fatal line');
      t.notOk(await listening(app.port), 'no port listening');
      t.notOk(existsSync(data) && readdirSync(data).some((f) => f.endsWith('.sqlite')), 'no SQLite database opened');
      if (db) t.same(await pgTables(db), [], 'no table created on PostgreSQL');
    });
  }
});
