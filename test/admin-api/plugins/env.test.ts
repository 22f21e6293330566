import t from 'tap';
import { ConfigError } from '../../../core/internal.js';
import { loadAdminConfig } from '../../../admin-api/plugins/external/env.js';

const wrong = (env: Record<string, string>): string[] => {
  try {
    loadAdminConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => p.variable);
  }
};

t.test('admin API variables: defaults, and every wrong one reported together', async (t) => {
  t.match(loadAdminConfig({}), { sessionTtlMs: 12 * 3_600_000, loginMaxFailures: 5, cookieSecure: false, adminEmail: undefined });
  t.equal(loadAdminConfig({ NODE_ENV: 'production' }).cookieSecure, true);
  t.same(wrong({ SESSION_TTL_HOURS: 'forever', LOGIN_MAX_FAILURES: '-1', COOKIE_SECURE: 'yes' }).sort(), ['COOKIE_SECURE', 'LOGIN_MAX_FAILURES', 'SESSION_TTL_HOURS']);
});

t.test('the first superadmin: both variables or neither, a real address, a long enough password', async (t) => {
  t.same(wrong({ CAMPANILE_ADMIN_EMAIL: 'root@example.org', CAMPANILE_ADMIN_PASSWORD: 'correct horse battery staple' }), []);
  t.same(wrong({ CAMPANILE_ADMIN_EMAIL: 'root@example.org' }), ['CAMPANILE_ADMIN_PASSWORD'], 'an e-mail without a password');
  t.same(wrong({ CAMPANILE_ADMIN_EMAIL: 'root', CAMPANILE_ADMIN_PASSWORD: 'correct horse battery staple' }), ['CAMPANILE_ADMIN_EMAIL']);
  t.same(wrong({ CAMPANILE_ADMIN_EMAIL: 'root@example.org', CAMPANILE_ADMIN_PASSWORD: 'secret' }), ['CAMPANILE_ADMIN_PASSWORD']);
  const error = t.throws(() => loadAdminConfig({ CAMPANILE_ADMIN_EMAIL: 'root@example.org', CAMPANILE_ADMIN_PASSWORD: 'secret' })) as Error;
  t.notMatch(error.message, /secret/, 'the password never appears in the message');
});
