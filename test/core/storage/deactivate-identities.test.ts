import t from 'tap';
import { ChannelIdentity, deactivateIdentities, sqlRunner } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { onPostgres } from '../../helpers/database.js';
import { categories, seed } from '../../helpers/notifications.js';

t.test(`deactivateIdentities: one statement for the batch, each identity with its reason (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, async (t) => {
  const { app } = await buildApp(t, { notifications: { dispatch: false } });
  const cat = await categories(app);
  await seed(app, { count: 5, subscriptions: [{ categoryId: cat.eventi!, every: 1 }] });
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  const ids = (await em().find(ChannelIdentity, {}, { orderBy: { id: 'asc' } })).map((i) => i.id);
  t.equal(ids.length, 5);
  const [a, b, c, d] = ids as [number, number, number, number, number];
  const sql = sqlRunner(app.db);

  const statements: string[] = [];
  const knex = app.db.em.getKnex();
  const onQuery = (q: { sql: string }) => { if (/channel_identity/.test(q.sql)) statements.push(q.sql); };
  knex.on('query', onQuery);
  await deactivateIdentities(sql, [
    { identityId: a, reason: 'blocked' },
    { identityId: b, reason: 'unknown' },
    { identityId: c, reason: 'unknown' },
    { identityId: c, reason: 'deactivated' },
  ]);
  knex.off('query', onQuery);
  t.equal(statements.length, 1, 'one UPDATE for the whole batch');

  const state = async () => Object.fromEntries(
    (await em().find(ChannelIdentity, {}, { orderBy: { id: 'asc' } })).map((i) => [i.id, [i.active, i.inactiveReason ?? null]]),
  );
  t.same(await state(), {
    [a]: [false, 'blocked'], [b]: [false, 'unknown'], [c]: [false, 'deactivated'], [d]: [true, null], [ids[4]!]: [true, null],
  }, 'listed identities inactive with their reason (the last one for an id listed twice); the others untouched');

  await deactivateIdentities(sql, []);
  await deactivateIdentities(sql, [{ identityId: d, reason: 'blocked' }, { identityId: 999_999, reason: 'blocked' }]);
  t.same((await state())[d], [false, 'blocked'], 'an id that does not exist changes nothing else');
  t.same((await state())[ids[4]!], [true, null]);
});
