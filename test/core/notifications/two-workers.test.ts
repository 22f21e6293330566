import t from 'tap';
import { MemoryAdapter } from '../../../adapters/memory/index.js';
import { FsMediaStore, NotificationService, coreEntities, createLogger, openDatabase } from '../../../core/internal.js';
import { FAST_NOTIFICATIONS, buildApp } from '../../helpers/campanile.js';
import { testDatabase } from '../../helpers/database.js';
import { categories, seed } from '../../helpers/notifications.js';

function maxInWindow(times: readonly number[], width: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let end = 0, start = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= width) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

t.test('two dispatchers on one broadcast over two lanes: no duplicates, both progress, each lane within its rate', async (t) => {
  const limits = { rateLimits: { perAccount: { count: 100, perMs: 1000 }, perChat: { count: 1, perMs: 1000 } } };
  const laneA = new MemoryAdapter({ account: 'a', capabilities: limits });
  const laneB = new MemoryAdapter({ account: 'b', capabilities: limits });
  const { app } = await buildApp(t, { adapters: [{ adapter: laneA }, { adapter: laneB }] });
  // The second dispatcher: its own connection pool on PostgreSQL (as a second process would have).
  const db = testDatabase(t).databaseUrl
    ? await openDatabase({ url: process.env.TEST_DATABASE_URL, pgSchema: (app.db.orm.config.get('schema') as string), sqlitePath: '', entities: coreEntities, migrations: [] })
    : app.db;
  const other = new NotificationService({
    db, tenants: app.services.tenants, adapters: app.adapters, translator: app.services.translator,
    mediaStore: new FsMediaStore('/tmp/campanile-test/media'), log: createLogger({ level: 'silent' }), options: FAST_NOTIFICATIONS,
  });
  await other.start();
  t.teardown(async () => {
    await other.stop();
    if (db !== app.db) await db.close();
  });

  const cat = await categories(app);
  await seed(app, { count: 150, account: 'a', subscriptions: [{ categoryId: cat.eventi!, every: 1 }] });
  await seed(app, { count: 150, account: 'b', subscriptions: [{ categoryId: cat.eventi!, every: 1 }] });
  const progress = new Map<string, number>();
  const count = (worker: string) => () => progress.set(worker, (progress.get(worker) ?? 0) + 1);
  app.notifications.events.on('delivery:sent', count('first'));
  other.events.on('delivery:sent', count('second'));

  const notice = await app.notifications.notices.create(app.defaultTenant, { categoryKey: 'eventi', title: 'Due', text: 'x' });
  // Either process's scheduler may be the one that marks the notice sent.
  const sent = new Promise<void>((resolve) => {
    for (const events of [app.notifications.events, other.events]) events.on('notice:sent', (e) => e.noticeId === notice.id && resolve());
  });
  await app.notifications.notices.send(app.defaultTenant, notice.id);
  await sent;

  const chats = [...laneA.sent, ...laneB.sent].map((s) => `${s.ref.account}/${s.ref.chatId}`);
  t.equal(chats.length, 300, 'every recipient reached');
  t.equal(new Set(chats).size, 300, 'no duplicates');
  t.ok((progress.get('first') ?? 0) > 0 && (progress.get('second') ?? 0) > 0,
    `both dispatchers delivered (${progress.get('first')} + ${progress.get('second')})`);
  for (const lane of [laneA, laneB]) {
    const max = maxInWindow(lane.sent.map((s) => s.at), 1000);
    t.ok(max <= 100, `lane ${lane.account}: at most 100 in any sliding second (max ${max})`);
  }
});
