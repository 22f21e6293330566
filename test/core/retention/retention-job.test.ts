import t, { type Test } from 'tap';
import { MemoryAdapter } from '../../../adapters/memory/index.js';
import {
  ChannelIdentity, createLogger, deleteInBatches, DEFAULT_RETENTION, MediaFile, MessageLog, messageLogRetention, Person, RetentionJob, retentionOf, sqlRunner, Tenant,
  type AdapterRuntime, type Campanile, type ConversationRef, type FeatureModule, type RetentionWindow, type TenantInfo,
} from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { onPostgres } from '../../helpers/database.js';
import { jpeg, png } from '../media/media-fixtures.js';

// The job's clock is injected: every row is dated relative to NOW, never to the wall clock.
const NOW = new Date('2031-03-01T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);
const silent = createLogger({ level: 'silent' });

/** A person with one memory identity in `tenant`. */
async function person(app: Campanile, tenant: TenantInfo, chatId: string): Promise<{ person: Person; identity: ChannelIdentity; ref: ConversationRef }> {
  const em = app.services.tenants.scopedEm(tenant.id);
  const ref: ConversationRef = { tenant: tenant.slug, channel: 'memory', account: 'default', chatId };
  const row = em.create(Person, { tenant: tenant.id, locale: 'it' });
  const identity = em.create(ChannelIdentity, { tenant: tenant.id, person: row, channel: 'memory', account: 'default', externalId: chatId, address: ref, active: true, inactiveReason: null, lastInboundAt: null });
  await em.flush();
  return { person: row, identity, ref };
}

/** Message-log rows of a person, one per age in days; returns nothing (read back by text). */
async function messages(app: Campanile, tenant: TenantInfo, who: { person: Person; identity: ChannelIdentity }, ages: readonly number[], kind = 'text'): Promise<void> {
  const em = app.services.tenants.scopedEm(tenant.id);
  for (const age of ages) {
    em.create(MessageLog, { tenant: tenant.id, person: who.person.id, identity: who.identity.id, direction: 'in', kind, text: `${kind} ${age}d`, createdAt: daysAgo(age) });
  }
  await em.flush();
}

async function texts(app: Campanile, tenant: TenantInfo): Promise<string[]> {
  const rows = await app.services.tenants.scopedEm(tenant.id).find(MessageLog, {}, { orderBy: { id: 'asc' } });
  return rows.map((r) => r.text);
}

async function setRetention(app: Campanile, tenant: TenantInfo, retention: Record<string, unknown>): Promise<void> {
  const em = app.db.em.fork();
  const row = await em.findOneOrFail(Tenant, { id: tenant.id });
  row.settings = { ...row.settings, retention };
  await em.flush();
}

async function backdate(app: Campanile, hash: string, tenant: TenantInfo, at: Date): Promise<void> {
  await app.db.em.fork().nativeUpdate(MediaFile, { tenant: tenant.id, hash }, { createdAt: at }, { filters: false });
}

/** A started app whose start-up retention run is over, so only the test's runs touch the data. */
async function quietApp(t: Test, modules: readonly FeatureModule[] = []) {
  const built = await buildApp(t, { modules });
  await built.app.services.retention.idle();
  const other = await built.app.services.tenants.ensure({ slug: 'breve', name: 'Comune Breve', enabledModules: [] });
  return { ...built, a: built.app.defaultTenant, b: other };
}

t.test('retentionOf: defaults, stored values, clamping, garbage', async (t) => {
  t.same(retentionOf({}), DEFAULT_RETENTION);
  t.same(DEFAULT_RETENTION, { conversationDays: 180, inboundMediaDays: 30, locationDays: 30 }, 'the documented defaults');
  t.same(retentionOf({ retention: { locationDays: 7 } }), { conversationDays: 180, inboundMediaDays: 30, locationDays: 7 });
  t.same(retentionOf({ retention: { conversationDays: 0, inboundMediaDays: 9999, locationDays: 2.5 } }), { conversationDays: 1, inboundMediaDays: 365, locationDays: 30 }, 'clamped to the limits; a fraction takes the default');
  t.same(retentionOf({ retention: 'forever' }), DEFAULT_RETENTION);
  t.same(retentionOf(null), DEFAULT_RETENTION);
});

t.test('conversation history: old rows deleted, recent kept, each tenant by its own settings', async (t) => {
  const { app, a, b } = await quietApp(t);
  await setRetention(app, b, { conversationDays: 10 });
  await messages(app, a, await person(app, a, 'a1'), [400, 181, 179, 11, 1]);
  await messages(app, a, await person(app, a, 'a2'), [200], 'location');
  await messages(app, b, await person(app, b, 'b1'), [400, 181, 11, 9, 1]);

  const report = await app.services.retention.runOnce(NOW);
  t.equal(report.ran, true);
  t.same(await texts(app, a), ['text 179d', 'text 11d', 'text 1d'], 'default 180 days: older gone (a "[location]" line too: it holds no coordinates)');
  t.same(await texts(app, b), ['text 9d', 'text 1d'], 'the second comune keeps 10 days');
  const byTenant = Object.fromEntries(report.tenants.map((r) => [r.tenant, r.deleted]));
  t.same(byTenant[a.slug]?.['core:message-log'], { messages: 3 });
  t.same(byTenant[b.slug]?.['core:message-log'], { messages: 3 });

  const again = await app.services.retention.runOnce(NOW);
  t.same(again.tenants.map((r) => r.deleted), [{}, {}], 'a second run finds nothing: deletes are idempotent');
});

t.test('inbound media: an old citizen photo goes (row and bytes), staff uploads and shared bytes stay', async (t) => {
  const { app, a, b } = await quietApp(t);
  const media = app.notifications.media;
  const citizen = (await person(app, a, 'c1')).ref;
  const other = (await person(app, b, 'c2')).ref;

  const notice = await media.upload(a.id, png(2101), 'image/png', 'avviso.png');
  await backdate(app, notice.id, a, daysAgo(400));
  const oldPhoto = await media.keepInbound(a.id, jpeg(2102), 'image/jpeg', 'buca.jpg', citizen);
  await backdate(app, oldPhoto.id, a, daysAgo(31));
  const newPhoto = await media.keepInbound(a.id, jpeg(2103), 'image/jpeg', 'lampione.jpg', citizen);
  await backdate(app, newPhoto.id, a, daysAgo(29));
  // The same bytes, sent long ago to the first comune and yesterday to the second.
  const shared = await media.keepInbound(a.id, jpeg(2104), 'image/jpeg', 'stessa.jpg', citizen);
  await backdate(app, shared.id, a, daysAgo(90));
  await media.keepInbound(b.id, jpeg(2104), 'image/jpeg', 'stessa.jpg', other);
  await backdate(app, shared.id, b, daysAgo(1));

  const report = await app.services.retention.runOnce(NOW);
  t.same(report.tenants.find((r) => r.tenant === a.slug)?.deleted['core:media'], { inboundFiles: 2 });
  t.ok(await media.get(a.id, notice.id), 'the notice image the staff uploaded 400 days ago stays');
  t.ok(await media.store.get(notice.id), 'with its bytes');
  t.equal(await media.get(a.id, oldPhoto.id), null, 'the 31-day-old citizen photo: row gone');
  t.equal(await media.store.get(oldPhoto.id), null, 'and its bytes');
  t.ok(await media.get(a.id, newPhoto.id), 'the 29-day-old one stays');
  t.equal(await media.get(a.id, shared.id), null, 'the old row of shared bytes goes');
  t.ok(await media.get(b.id, shared.id), 'the newer row of the second comune stays');
  t.ok(await media.store.get(shared.id), 'and so do the bytes it refers to');

  // A file sent again counts from the new receipt.
  const resent = await media.keepInbound(a.id, jpeg(2105), 'image/jpeg', 'di-nuovo.jpg', citizen);
  const longAgo = new Date('2020-01-01T00:00:00Z');
  await backdate(app, resent.id, a, longAgo);
  await media.keepInbound(a.id, jpeg(2105), 'image/jpeg', 'di-nuovo.jpg', citizen);
  const row = await app.db.em.fork().findOneOrFail(MediaFile, { tenant: a.id, hash: resent.id }, { filters: false });
  t.ok(row.createdAt > longAgo, 'receiving it again refreshes its age');
});

t.test('deletes go in bounded batches', async (t) => {
  const { app, a } = await quietApp(t);
  const who = await person(app, a, 'many');
  await messages(app, a, who, Array.from({ length: 25 }, (_, i) => 200 + i));
  await messages(app, a, who, [1]);

  const em = app.db.em.fork();
  const sizes: number[] = [];
  const nativeDelete = em.nativeDelete.bind(em);
  em.nativeDelete = (async (...args: Parameters<typeof em.nativeDelete>) => {
    const n = await nativeDelete(...args);
    sizes.push(n);
    return n;
  }) as typeof em.nativeDelete;
  const deleted = await deleteInBatches(em, MessageLog, { tenant: a.id, createdAt: { $lt: daysAgo(210) } }, { batchSize: 4 });
  t.equal(deleted, 14, 'the 14 rows older than 210 days');
  t.same(sizes, [4, 4, 4, 2], 'at most 4 rows per statement');

  const report = await app.services.retention.runOnce(NOW, { batchSize: 3 });
  t.same(report.tenants[0]?.deleted['core:message-log'], { messages: 11 }, 'the job deletes the rest (200-210 days), 3 rows at a time');
  t.same(await texts(app, a), ['text 1d']);
  await t.rejects(deleteInBatches(em, MessageLog, { tenant: a.id }, { batchSize: 0 }), /batchSize/);
});

t.test('modules register steps; a failing step does not stop the others', async (t) => {
  const windows: RetentionWindow[] = [];
  const module: FeatureModule = {
    name: 'probe',
    setup(api) {
      api.onRetention(async (window) => {
        windows.push(window);
        return { things: window.tenant.slug === 'breve' ? 2 : 0 };
      });
      api.onRetention(async () => {
        throw new Error('table missing');
      });
    },
  };
  const { app, a, b } = await quietApp(t, [module]);
  await setRetention(app, b, { conversationDays: 10, inboundMediaDays: 5, locationDays: 2 });
  await messages(app, a, await person(app, a, 'm1'), [200]);
  windows.length = 0;

  const report = await app.services.retention.runOnce(NOW, { batchSize: 7 });
  t.same(windows.map((w) => w.tenant.slug), [a.slug, b.slug], 'called for every tenant');
  const second = windows[1];
  t.same(second?.settings, { conversationDays: 10, inboundMediaDays: 5, locationDays: 2 });
  t.same([second?.conversationBefore, second?.inboundMediaBefore, second?.locationBefore, second?.now], [daysAgo(10), daysAgo(5), daysAgo(2), NOW], 'cutoffs from the injected clock');
  t.equal(second?.batchSize, 7);
  t.same(report.tenants.map((r) => r.failed), [['module:probe'], ['module:probe']], 'the failure is reported');
  t.same(report.tenants[0]?.deleted['core:message-log'], { messages: 1 }, 'core steps still ran');
  t.same(report.tenants[1]?.deleted['module:probe'], { things: 2 });
});

t.test('adapters register steps through the runtime; a detached adapter\'s step goes', async (t) => {
  class RetainingMemory extends MemoryAdapter {
    calls = 0;
    override async start(runtime: AdapterRuntime): Promise<void> {
      await super.start(runtime);
      runtime.onRetention(async () => {
        this.calls += 1;
        return { chats: 0 };
      });
    }
  }
  const { app, a } = await quietApp(t);
  const adapter = new RetainingMemory({ account: 'conserva' });
  await app.attachAdapter(adapter, { tenant: a.slug });
  t.ok(app.services.retention.owners().includes(`adapter:memory:conserva@${a.slug}`));
  await app.services.retention.runOnce(NOW);
  t.equal(adapter.calls, 2, 'once per tenant');
  await app.detachAdapter('memory', 'conserva', a.slug);
  t.notOk(app.services.retention.owners().some((o) => o.includes('conserva')), 'unregistered on detach');
  await app.services.retention.runOnce(NOW);
  t.equal(adapter.calls, 2);
});

t.test('two jobs on one database at once: everything old deleted once, nothing else', async (t) => {
  const { app, a, b } = await quietApp(t);
  await messages(app, a, await person(app, a, 'p1'), Array.from({ length: 30 }, (_, i) => 181 + i).concat([1]));
  await messages(app, b, await person(app, b, 'p2'), Array.from({ length: 30 }, (_, i) => 181 + i).concat([2]));
  // A second process: its own job on the same database (on PostgreSQL, another pool connection).
  const other = new RetentionJob(app.db, silent, { batchSize: 4 });
  other.add('core:message-log', messageLogRetention(app.db));

  const reports = await Promise.all([app.services.retention.runOnce(NOW, { batchSize: 4 }), other.runOnce(NOW)]);
  const deleted = reports.flatMap((r) => r.tenants).reduce((n, r) => n + (r.deleted['core:message-log']?.messages ?? 0), 0);
  t.equal(deleted, 60, 'each old row counted once across both jobs');
  t.ok(reports.some((r) => r.ran), 'at least one ran');
  t.same(await texts(app, a), ['text 1d']);
  t.same(await texts(app, b), ['text 2d']);
});

t.test('on PostgreSQL a process that does not get the retention lock skips the run', { skip: onPostgres() ? false : 'PostgreSQL only (TEST_DATABASE_URL)' }, async (t) => {
  const { app, a } = await quietApp(t);
  await messages(app, a, await person(app, a, 'l1'), [200]);
  // Another process holds the lock (the same key: this schema's).
  let release = (): void => undefined;
  let taken = (): void => undefined;
  const held = new Promise<void>((resolve) => { release = resolve; });
  const locked = new Promise<void>((resolve) => { taken = resolve; });
  const holder = sqlRunner(app.db).transaction(async (tx) => {
    await tx.rows("select pg_advisory_xact_lock(hashtext('campanile:retention:' || current_schema()))");
    taken();
    await held;
  });
  await locked;
  t.same(await app.services.retention.runOnce(NOW), { ran: false, tenants: [] }, 'skipped');
  t.same(await texts(app, a), ['text 200d'], 'nothing deleted without the lock');
  release();
  await holder;
  t.equal((await app.services.retention.runOnce(NOW)).ran, true, 'runs once the lock is free');
  t.same(await texts(app, a), []);
});
