import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t, { type Test } from 'tap';
import { Category, Notice, Person, Tenant, createCampanile, createLogger, loadConfig, sqlRunner, type Campanile } from '../../core/internal.js';
import { baseModule } from '../../modules/base/index.js';
import { seedAudience } from '../../scripts/lib/seed-audience.js';
import type { BackupManifest } from '../../scripts/lib/backup.js';
import { RecorderAdapter } from '../admin-api/fixtures/recorder-channel.js';
import { freshPgDatabase, onPostgres } from '../helpers/database.js';

// Issue 21 "Operations", acceptance 3: `npm run backup` while a broadcast is sending, `npm run restore`
// into an empty target, Campanile started on it: the comune, its people, notices and media are there.
const AUDIENCE = 600;
const RATE = 200; // the broadcast lasts ~3 s: the backup runs in the middle of it
const run = promisify(execFile);
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('stemma del comune')]);

/** Runs `npm run <script>`'s file under tsx with only `env`. */
async function script(name: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
  return stdout;
}

async function open(env: Record<string, string>, recorderUrl: string, dispatch: boolean): Promise<Campanile> {
  const app = await createCampanile({
    config: loadConfig(env), log: createLogger({ level: 'silent' }), modules: [baseModule],
    adapters: [{ adapter: new RecorderAdapter(recorderUrl, RATE) }],
    notifications: { dispatch, pollIntervalMs: 20, laneTickMs: 50, schedulerIntervalMs: 50, flushDelayMs: 5 },
  });
  await app.start();
  return app;
}

const dialects = [
  { name: 'SQLite', skip: false as const },
  { name: 'PostgreSQL', skip: !onPostgres() && 'needs TEST_DATABASE_URL' },
];

for (const dialect of dialects) {
  t.test(`${dialect.name}: backup while a broadcast is sending, restore into an empty target, start on it`, { skip: dialect.skip }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'campanile-backup-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const recorder = createServer((req, res) => req.resume().on('end', () => res.end('ok')));
    await new Promise<void>((done) => recorder.listen(0, '127.0.0.1', done));
    t.teardown(() => new Promise<void>((done) => recorder.close(() => done())));
    const recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}/`;
    const pg = dialect.name === 'PostgreSQL';
    const sourceEnv = pg
      ? { DATABASE_URL: await freshPgDatabase(t), DATA_DIR: join(dir, 'source') }
      : { DATABASE_URL: `sqlite:${join(dir, 'source', 'campanile.sqlite')}`, DATA_DIR: join(dir, 'source') };
    const targetEnv = pg
      ? { DATABASE_URL: await freshPgDatabase(t), DATA_DIR: join(dir, 'target') }
      : { DATABASE_URL: `sqlite:${join(dir, 'target', 'restored.sqlite')}`, DATA_DIR: join(dir, 'target') };

    // The comune at work: people, an image, a notice being sent.
    const source = await open(sourceEnv, recorderUrl, true);
    let sourceStopped = false;
    t.teardown(() => (sourceStopped ? undefined : source.stop()));
    const tenant = source.defaultTenant;
    const eventi = await source.services.tenants.scopedEm(tenant.id).findOneOrFail(Category, { key: 'eventi' });
    await seedAudience(sqlRunner(source.db), {
      tenantId: tenant.id, tenantSlug: tenant.slug, count: AUDIENCE, channel: 'recorder', account: 'default', subscriptions: [{ categoryId: eventi.id, every: 1 }],
    });
    const image = await source.notifications.media.upload(tenant.id, PNG, 'image/png', 'stemma.png');
    const notice = await source.notifications.notices.create(tenant, { categoryKey: 'eventi', title: 'Festa patronale', text: 'Sabato in piazza.', imageMediaId: image.id });
    await source.notifications.notices.send(tenant, notice.id);
    const sent = async () => Number((await sqlRunner(source.db).rows(`select count(*) as n from delivery where state = 'sent'`))[0]?.n);
    while ((await sent()) < 30) await new Promise((r) => setTimeout(r, 20));

    const out = join(dir, 'backup');
    const sentAtStart = await sent();
    const started = Date.now();
    const said = await script('backup', ['--out', out], sourceEnv);
    const sentAtEnd = await sent();
    t.comment(`backup took ${Date.now() - started} ms; deliveries sent ${sentAtStart} → ${sentAtEnd} of ${AUDIENCE} meanwhile`);
    t.ok(sentAtStart < AUDIENCE, 'the broadcast was sending when the backup started');
    t.match(said, /Backed up/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as BackupManifest;
    t.match(manifest, { format: 'campanile-backup', version: '0.1.0', dialect: pg ? 'postgresql' : 'sqlite', media: { folder: 'media', files: 1 } });
    t.ok(manifest.migrations.length > 0 && manifest.migrations.every((m) => typeof m === 'string'), `the manifest lists the ${manifest.migrations.length} migrations applied`);
    t.ok(existsSync(join(out, manifest.database)), `the database is in the folder (${manifest.database})`);
    await t.rejects(script('backup', ['--out', out], sourceEnv), 'a second backup into the same, non-empty folder is refused');
    await source.stop();
    sourceStopped = true;

    const restored = await script('restore', ['--from', out], targetEnv);
    t.match(restored, /Restored the/);
    await t.rejects(script('restore', ['--from', out], targetEnv), 'restoring over a database that is no longer empty is refused');

    // Campanile on the restored database (not dispatching: this checks what is there, not resends).
    const target = await open(targetEnv, recorderUrl, false);
    t.teardown(() => target.stop());
    t.same(await target.db.pendingMigrations(), [], 'no migration pending');
    const em = target.db.em.fork();
    const tenants = await em.find(Tenant, {});
    t.same(tenants.map((x) => x.slug), [tenant.slug], 'the comune is there, once');
    const scoped = target.services.tenants.scopedEm(target.defaultTenant.id);
    t.equal(await scoped.count(Person, {}), AUDIENCE, 'its people are there');
    const notices = await scoped.find(Notice, {});
    t.same(notices.map((n) => [n.title, n.imageMediaId]), [['Festa patronale', image.id]], 'the notice and its image reference are there');
    t.same(Buffer.from(await target.notifications.media.store.read(image.id)), PNG, 'the image file is there');
    const states = await sqlRunner(target.db).rows(`select count(*) as n from delivery`);
    t.equal(Number(states[0]?.n), AUDIENCE, 'the broadcast\'s deliveries are there (sent ones sent, the rest to send)');
  });
}
