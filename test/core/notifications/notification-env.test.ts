import t from 'tap';
import { MemoryAdapter } from '../../../adapters/memory/index.js';
import { DEFAULT_NOTIFICATION_OPTIONS, createCampanile, createLogger, loadConfig, notificationsFromEnv } from '../../../core/internal.js';
import { testDatabase } from '../../helpers/database.js';

t.test('NOTIFY_* variables become notification options; unset ones are absent', async (t) => {
  t.same(loadConfig({}).notifications, {}, 'nothing set: engine defaults apply');
  t.same(notificationsFromEnv({
    NOTIFY_POLL_INTERVAL_MS: '500', NOTIFY_CONCURRENCY: '16', NOTIFY_MAX_UNCONFIRMED: '400', NOTIFY_LEASE_MS: '90000',
    NOTIFY_LANE_LEASE_MS: '20000', NOTIFY_MAX_ATTEMPTS: '8', NOTIFY_BACKOFF_BASE_MS: '1000', NOTIFY_BACKOFF_MAX_MS: '600000',
    NOTIFY_PLAN_CHUNK_SIZE: '20000', NOTIFY_ASYNC_COMMIT: 'false', NOTIFY_DISPATCH: '1', NOTIFY_SCHEDULER_INTERVAL_MS: ' 2000 ',
  }), {
    pollIntervalMs: 500, concurrency: 16, maxUnconfirmed: 400, rowLeaseMs: 90_000, laneLeaseMs: 20_000, maxAttempts: 8,
    backoffBaseMs: 1000, backoffMaxMs: 600_000, planChunkSize: 20_000, asyncCommit: false, dispatch: true, schedulerIntervalMs: 2000,
  });
});

t.test('per-channel rates: NOTIFY_RATE_<CHANNEL> per account, NOTIFY_CHAT_RATE_<CHANNEL> per chat', async (t) => {
  t.same(notificationsFromEnv({ NOTIFY_RATE_TELEGRAM: '25', NOTIFY_RATE_WHATSAPP: '80', NOTIFY_CHAT_RATE_WHATSAPP: '0.1667', NOTIFY_RATE_WEB_CHAT: '' }).rateLimits, {
    telegram: { perAccount: { count: 25, perMs: 1000 } },
    whatsapp: { perAccount: { count: 80, perMs: 1000 }, perChat: { count: 1, perMs: 5999 } },
  });
  t.same(notificationsFromEnv({ NOTIFY_RATE_MY_CHANNEL: '5' }).rateLimits, { 'my-channel': { perAccount: { count: 5, perMs: 1000 } } });
});

t.test('a wrong value stops the start with the fix', async (t) => {
  t.throws(() => loadConfig({ NOTIFY_CONCURRENCY: 'many' }), /NOTIFY_CONCURRENCY="many": give a whole number greater than 0/);
  t.throws(() => loadConfig({ NOTIFY_MAX_ATTEMPTS: '0' }), /NOTIFY_MAX_ATTEMPTS/);
  t.throws(() => loadConfig({ NOTIFY_POLL_INTERVAL_MS: '2.5' }), /whole number/);
  t.throws(() => loadConfig({ NOTIFY_ASYNC_COMMIT: 'maybe' }), /NOTIFY_ASYNC_COMMIT="maybe": use true or false/);
  t.throws(() => loadConfig({ NOTIFY_RATE_TELEGRAM: '-3' }), /NOTIFY_RATE_TELEGRAM="-3": give messages per second greater than 0/);
});

t.test('createCampanile passes them to the engine; options in code win, rates merge per channel', async (t) => {
  const db = testDatabase(t);
  const config = loadConfig({
    DATABASE_URL: db.databaseUrl, SQLITE_PATH: db.sqlitePath, DATA_DIR: '/tmp/campanile-test',
    NOTIFY_CONCURRENCY: '7', NOTIFY_MAX_UNCONFIRMED: '70', NOTIFY_LEASE_MS: '45000', NOTIFY_POLL_INTERVAL_MS: '300',
    NOTIFY_RATE_MEMORY: '12', NOTIFY_RATE_TELEGRAM: '20',
  });
  const app = await createCampanile({
    config, log: createLogger({ level: 'silent' }), modules: [], adapters: [{ adapter: new MemoryAdapter() }],
    ...(db.pgSchema ? { pgSchema: db.pgSchema } : {}),
    notifications: { pollIntervalMs: 20, rateLimits: { telegram: { perAccount: { count: 10, perMs: 1000 } } } },
  });
  t.teardown(() => app.stop());
  const options = app.notifications.options;
  t.equal(options.concurrency, 7);
  t.equal(options.maxUnconfirmed, 70);
  t.equal(options.rowLeaseMs, 45_000);
  t.equal(options.pollIntervalMs, 20, 'code wins over the environment');
  t.equal(options.maxAttempts, DEFAULT_NOTIFICATION_OPTIONS.maxAttempts, 'unset: default');
  t.same(options.rateLimits, { memory: { perAccount: { count: 12, perMs: 1000 } }, telegram: { perAccount: { count: 10, perMs: 1000 } } });
});
