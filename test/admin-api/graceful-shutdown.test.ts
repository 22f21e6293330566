import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';
import { Category, createCampanile, createLogger, loadConfig, sqlRunner } from '../../core/internal.js';
import { baseModule } from '../../modules/base/index.js';
import { seedAudience } from '../../scripts/lib/seed-audience.js';
import { freshPgDatabase, onPostgres } from '../helpers/database.js';
import { freePort } from '../helpers/free-port.js';
import { spawnServer } from '../helpers/server-process.js';
import { RecorderAdapter } from './fixtures/recorder-channel.js';

// Issue 21 "Operations", acceptance 2: SIGTERM one of two `npm start` processes mid-broadcast. It stops
// taking requests, lets its sends in flight finish, releases its lane and exits within the bound; the
// other process takes the lane over and finishes the broadcast; every recipient gets the notice.
const AUDIENCE = 900;
const RATE = 300; // per second on the one lane: the broadcast lasts ~3 s
const MAX_UNCONFIRMED = 50;

t.test('SIGTERM mid-broadcast: exits within 10 s, the other process finishes, nobody missed', {
  skip: !onPostgres() && 'needs TEST_DATABASE_URL: several processes share one database only on PostgreSQL (a SQLite file has one Campanile process)',
}, async (t) => {
  // A fresh database: server.ts lives in `public`, and the test must not share it with anyone.
  const databaseUrl = await freshPgDatabase(t);
  const dir = mkdtempSync(join(tmpdir(), 'campanile-shutdown-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));

  // The channel's far end: counts each chat id and who sent it; answers after 5 ms (sends stay in flight).
  const received = new Map<string, number>();
  const byPid = new Map<string, number>();
  let total = 0;
  let onPost: (() => void) | undefined;
  const recorder = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => setTimeout(() => {
      received.set(body, (received.get(body) ?? 0) + 1);
      const pid = String(req.headers['x-pid']);
      byPid.set(pid, (byPid.get(pid) ?? 0) + 1);
      total += 1;
      res.end('ok');
      onPost?.();
    }, 5));
  });
  await new Promise<void>((done) => recorder.listen(0, '127.0.0.1', done));
  t.teardown(() => new Promise<void>((done) => recorder.close(() => done())));

  const env = async (n: number): Promise<Record<string, string>> => ({
    DATABASE_URL: databaseUrl, PORT: String(await freePort()), DATA_DIR: join(dir, `data-${n}`), LOG_LEVEL: 'info',
    CAMPANILE_ADAPTERS: resolve('test/admin-api/fixtures/recorder-channel.ts'), CAMPANILE_MODULES: 'base',
    RECORDER_URL: `http://127.0.0.1:${(recorder.address() as AddressInfo).port}/`, RECORDER_RATE: String(RATE),
    NOTIFY_POLL_INTERVAL_MS: '100', NOTIFY_MAX_UNCONFIRMED: String(MAX_UNCONFIRMED), NOTIFY_LANE_LEASE_MS: '5000',
    SHUTDOWN_TIMEOUT_MS: '10000',
  });
  // Both at once on the empty database, as compose starts them: one migrates, the other waits on the lock.
  const first = spawnServer(await env(1));
  t.teardown(() => first.child.kill('SIGKILL'));
  const second = spawnServer(await env(2));
  t.teardown(() => second.child.kill('SIGKILL'));
  await Promise.all([first.running, second.running]);
  const processes = new Map([[String(first.child.pid), first], [String(second.child.pid), second]]);

  // The mayor's side, in this process (it does not dispatch): the audience, then the notice.
  const mayor = await createCampanile({
    config: loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: join(dir, 'mayor') }), log: createLogger({ level: 'silent' }),
    modules: [baseModule], adapters: [{ adapter: new RecorderAdapter('http://127.0.0.1:9/', RATE) }], notifications: { dispatch: false },
  });
  t.teardown(() => mayor.stop());
  await mayor.start();
  const tenant = mayor.defaultTenant;
  const eventi = await mayor.services.tenants.scopedEm(tenant.id).findOneOrFail(Category, { key: 'eventi' });
  await seedAudience(sqlRunner(mayor.db), {
    tenantId: tenant.id, tenantSlug: tenant.slug, count: AUDIENCE, channel: 'recorder', account: 'default', subscriptions: [{ categoryId: eventi.id, every: 1 }],
  });
  const notice = await mayor.notifications.notices.create(tenant, { categoryKey: 'eventi', title: 'Chiusura strada', text: 'Via Roma chiusa domani.' });
  await mayor.notifications.notices.send(tenant, notice.id);

  // A third of the way through, SIGTERM the process that is sending (the lane's owner).
  let sender = '';
  await new Promise<void>((done) => {
    onPost = () => {
      if (total < AUDIENCE / 3) return;
      onPost = undefined;
      sender = [...byPid.entries()].sort((a, b) => b[1] - a[1])[0]![0];
      done();
    };
  });
  const stopping = processes.get(sender)!;
  const other = [...processes.values()].find((p) => p !== stopping)!;
  const signalledAt = Date.now();
  stopping.child.kill('SIGTERM');
  const code = await stopping.exited;
  const tookMs = Date.now() - signalledAt;
  t.equal(code, 0, 'the SIGTERMed process exited 0 (graceful)');
  t.ok(tookMs < 10_000, `it exited within 10 s (${tookMs} ms)`);
  t.ok(total < AUDIENCE, `it stopped mid-broadcast (${total} of ${AUDIENCE} sent)`);
  t.ok(stopping.lines.some((l) => l.includes('shut down')), 'it logged a clean shutdown');

  // The other process takes the released lane over and finishes.
  const sql = sqlRunner(mayor.db);
  const unsent = async () => Number((await sql.rows(`select count(*) as n from delivery where notice_id = ? and state <> 'sent'`, [notice.id]))[0]?.n);
  const until = Date.now() + 15_000;
  while ((await unsent()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  t.equal(await unsent(), 0, 'every delivery row ends sent');
  t.equal(received.size, AUDIENCE, 'every recipient got the notice');
  const duplicates = total - received.size;
  t.ok(duplicates <= MAX_UNCONFIRMED, `duplicates (${duplicates}) within the in-flight bound (${MAX_UNCONFIRMED})`);
  t.ok((byPid.get(String(other.child.pid)) ?? 0) > 0, `the other process sent the rest (${byPid.get(String(other.child.pid))})`);
  t.comment(`SIGTERM → exit ${tookMs} ms; sent by the stopped process ${byPid.get(sender)}, by the other ${byPid.get(String(other.child.pid))}; duplicates ${duplicates}`);

  other.child.kill('SIGTERM');
  t.equal(await other.exited, 0, 'the other process shuts down cleanly too');
});

t.test('SIGTERM: the HTTP server stops taking requests and the process exits 0 (SQLite)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'campanile-shutdown-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  const server = spawnServer({ DATA_DIR: dir, PORT: String(port), CAMPANILE_ADAPTERS: 'webchat', CAMPANILE_MODULES: 'base', SHUTDOWN_TIMEOUT_MS: '5000' });
  t.teardown(() => server.child.kill('SIGKILL'));
  await server.running;
  t.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
  const signalledAt = Date.now();
  server.child.kill('SIGTERM');
  t.equal(await server.exited, 0, 'exit 0');
  t.ok(Date.now() - signalledAt < 5_000, `within SHUTDOWN_TIMEOUT_MS (${Date.now() - signalledAt} ms)`);
  await t.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'no longer listening: new connections refused');
});
