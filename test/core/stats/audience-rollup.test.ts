// The audience numbers' storage: real bot turns on the memory channel record joins, leaves and
// (un)subscriptions in audience_event (nothing when a turn fails), and the hourly roll-up sums them into
// audience_day per day and channel: exact, carried across days, idempotent, once under the PostgreSQL lock.
import t from 'tap';
import { AudienceDay, AudienceEvent, Category, ChannelIdentity, Person, Subscription, localDay, type Campanile } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { onPostgres, testDatabase } from '../../helpers/database.js';

const DAY_MS = 24 * 60 * 60 * 1000;

async function categoryIds(app: Campanile): Promise<Record<string, number>> {
  const rows = await app.services.tenants.scopedEm(app.defaultTenant.id).find(Category, {});
  return Object.fromEntries(rows.map((c) => [c.key, c.id]));
}

async function events(app: Campanile) {
  const rows = await app.db.em.fork().find(AudienceEvent, {}, { filters: false, orderBy: { id: 'asc' } });
  return rows.map((e) => [e.kind, e.channel, e.categoryId]);
}

async function days(app: Campanile) {
  const rows = await app.db.em.fork().find(AudienceDay, {}, { filters: false, orderBy: { day: 'asc', channel: 'asc' } });
  return rows.map(({ day, channel, followers, joins, leaves, subscribes, unsubscribes, subscriptions }) => ({ day, channel, followers, joins, leaves, subscribes, unsubscribes, subscriptions }));
}

t.test('bot turns record the audience events; the roll-up sums them exactly, per day, idempotently', async (t) => {
  const { app, memory, tenant } = await buildApp(t);
  const cat = await categoryIds(app);
  const eventi = cat.eventi!;
  const mobilita = cat.mobilita!;

  await memory.say(tenant, '1', '/start cat_eventi');
  await memory.press(tenant, '1', `base:toggle:${mobilita}`);
  await memory.say(tenant, '2', '/start');
  await memory.press(tenant, '2', `base:toggle:${eventi}`);
  await memory.press(tenant, '2', `base:toggle:${eventi}`);
  await memory.say(tenant, '3', '/start cat_eventi');
  await memory.say(tenant, '3', '/cancella');
  await memory.press(tenant, '3', 'base:erase:yes');

  t.same(await events(app), [
    ['joined', 'memory', null], ['subscribed', 'memory', eventi], ['subscribed', 'memory', mobilita],
    ['joined', 'memory', null], ['subscribed', 'memory', eventi], ['unsubscribed', 'memory', eventi],
    ['joined', 'memory', null], ['subscribed', 'memory', eventi], ['left', 'memory', null], ['unsubscribed', 'memory', eventi],
  ], 'one event per change, in order, on the turn\'s channel; the erasure leaves and unsubscribes');

  const now = new Date();
  const today = localDay(now, app.defaultTenant.timezone);
  const report = await app.services.audience.runOnce(now);
  t.same(report, { ran: true, days: { [tenant]: 1 } });
  const expected = { day: today, channel: 'memory', followers: 2, joins: 3, leaves: 1, subscribes: 4, unsubscribes: 2, subscriptions: { [eventi]: 1, [mobilita]: 1 } };
  t.same(await days(app), [expected], 'today: 2 followers after 3 joins and 1 leave, one subscriber each to eventi and mobilità');
  await app.services.audience.runOnce(now);
  t.same(await days(app), [expected], 'a second run rewrites the same row');

  // Two days earlier, then nothing for a day, then today: every day gets its row, totals carried.
  const em = app.db.em.fork();
  for (const event of await em.find(AudienceEvent, {}, { filters: false })) event.createdAt = new Date(event.createdAt.getTime() - 2 * DAY_MS);
  await em.flush();
  await em.nativeDelete(AudienceDay, {}, { filters: false });
  await memory.say(tenant, '4', '/start cat_mobilita');
  await app.services.audience.runOnce(new Date());
  const dayOf = (ms: number) => localDay(new Date(ms), app.defaultTenant.timezone);
  t.same(await days(app), [
    { ...expected, day: dayOf(now.getTime() - 2 * DAY_MS) },
    { day: dayOf(now.getTime() - DAY_MS), channel: 'memory', followers: 2, joins: 0, leaves: 0, subscribes: 0, unsubscribes: 0, subscriptions: { [eventi]: 1, [mobilita]: 1 } },
    { day: today, channel: 'memory', followers: 3, joins: 1, leaves: 0, subscribes: 1, unsubscribes: 0, subscriptions: { [eventi]: 1, [mobilita]: 2 } },
  ], 'the quiet day carries the totals; today adds the new follower');

  // Older rows are not recomputed: a forged count on the first day survives the next run.
  await em.nativeUpdate(AudienceDay, { day: dayOf(now.getTime() - 2 * DAY_MS) }, { followers: 99 }, { filters: false });
  await app.services.audience.runOnce(new Date());
  t.equal((await days(app))[0]?.followers, 99, 'a rolled day is never recomputed (the snapshot, not the events, is the record)');
});

t.test('a press that changes no subscription records nothing', async (t) => {
  const { app, memory, tenant } = await buildApp(t);
  await memory.say(tenant, '1', '/start');
  const before = (await events(app)).length;
  // An unknown category id: nothing is subscribed, so nothing is recorded.
  await memory.press(tenant, '1', 'base:toggle:999999');
  t.equal((await events(app)).length, before, 'no event without a subscription change');
});

t.test('a partially loaded identity in the unit of work does not break the flush', async (t) => {
  const { app, memory, tenant } = await buildApp(t);
  await memory.say(tenant, '1', '/start');
  const cat = await categoryIds(app);
  const em = app.services.tenants.scopedEm(app.defaultTenant.id);
  const [identity] = await em.find(ChannelIdentity, {}, { fields: ['id'] });
  const person = await em.findOneOrFail(Person, {});
  em.create(Subscription, { tenant: app.defaultTenant.id, person, category: cat.eventi! });
  await em.flush();
  t.ok(identity, 'the identity was loaded with one field');
  t.same((await events(app)).at(-1), ['subscribed', 'memory', cat.eventi], 'the channel is found in the database instead');
});

t.test('PostgreSQL: a process that does not get the roll-up lock skips the run', { skip: onPostgres() ? false : 'PostgreSQL only (TEST_DATABASE_URL)' }, async (t) => {
  const database = testDatabase(t);
  const one = await buildApp(t, { database });
  const two = await buildApp(t, { database });
  await one.memory.say(one.tenant, '1', '/start');
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: database.databaseUrl });
  await client.connect();
  t.teardown(() => client.end());
  await client.query(`set search_path to "${database.pgSchema}"`);
  await client.query('begin');
  await client.query("select pg_advisory_xact_lock(hashtext('campanile:audience-rollup:' || current_schema()))");
  t.same(await two.app.services.audience.runOnce(new Date()), { ran: false, days: {} }, 'the lock is held elsewhere: skipped');
  await client.query('commit');
  const report = await two.app.services.audience.runOnce(new Date());
  t.equal(report.ran, true, 'free again: it runs');
  t.equal((await days(one.app)).length, 1, 'one row, written once');
});
