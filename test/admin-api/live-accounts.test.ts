import t from 'tap';
import { LiveAccounts } from '../../admin-api/wiring/live-accounts.js';
import { ChannelAccount, createLogger } from '../../core/internal.js';
import { buildApp } from '../helpers/campanile.js';
import { onPostgres, testDatabase } from '../helpers/database.js';

const WA = { accessToken: 'wa-token', appSecret: 'app-secret', verifyToken: 'verify' };

t.test('another process follows accounts written elsewhere within one poll', async (t) => {
  const database = testDatabase(t);
  // On PostgreSQL two Campanile processes share the schema; an in-memory SQLite database has one, so
  // there the write comes from outside the API (the same situation for the poll).
  const { app: follower, tenant } = await buildApp(t, { database });
  const writer = onPostgres() ? (await buildApp(t, { database })).app : follower;
  const info = (await writer.services.tenants.bySlug(tenant))!;
  const em = writer.services.tenants.scopedEm(info.id);
  em.create(ChannelAccount, { tenant: info.id, channel: 'whatsapp', name: 'primo', active: true, config: { ...WA, phoneNumberId: 'PN-1' } });
  await em.flush();

  const live = new LiveAccounts(follower, { env: { WHATSAPP_API_ROOT: 'http://127.0.0.1:9/v1' }, log: createLogger({ level: 'silent' }), pollMs: 50 });
  await live.start();
  t.teardown(() => live.stop());
  const served = (name: string) => follower.routeTable.match('GET', `/webhooks/whatsapp/${tenant}/${name}`) !== undefined;
  t.ok(served('primo'), 'accounts stored before start run at start');

  const until = async (what: string, check: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const second = em.create(ChannelAccount, { tenant: info.id, channel: 'whatsapp', name: 'secondo', active: true, config: { ...WA, phoneNumberId: 'PN-2' } });
  await em.flush();
  await until('the new account', () => served('secondo'));
  t.same(live.status(second.id), { running: true });

  second.active = false;
  await em.flush();
  await until('the deactivated account to go', () => !served('secondo'));
  t.equal(follower.adapters.forRef({ tenant, channel: 'whatsapp', account: 'secondo' }), undefined);
  t.ok(served('primo'), 'the others keep running');

  await live.stop();
  t.notOk(served('primo'), 'stop detaches them');
});
