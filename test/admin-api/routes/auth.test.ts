import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import t from 'tap';
import app from '../../../admin-api/app.js';
import { LoginThrottle } from '../../../admin-api/plugins/app/login-throttle.js';
import { LoginAttemptWindow, sqlRunner } from '../../../core/internal.js';
import { build, expectProblem, PASSWORD } from '../../helpers/app.js';

t.test('login gives a bearer token and an httpOnly SameSite=Strict cookie; both work; logout revokes at once', async (t) => {
  const app = await build(t, { env: { CAMPANILE_ADMIN_EMAIL: 'Root@Example.org', CAMPANILE_ADMIN_PASSWORD: PASSWORD } });
  const { fastify } = app;
  const login = await fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@example.org', password: PASSWORD } });
  t.equal(login.statusCode, 200, login.body);
  const body = login.json() as { token: string; user: { role: string; tenant: string | null; permissions: string[] } };
  t.equal(body.user.role, 'superadmin', 'first superadmin came from CAMPANILE_ADMIN_EMAIL');
  t.equal(body.user.tenant, null);
  const cookie = login.cookies.find((c) => c.name === 'campanile_session');
  t.ok(cookie, 'session cookie set');
  t.equal(cookie?.httpOnly, true);
  t.equal(cookie?.sameSite, 'Strict');
  t.equal(cookie?.value, body.token);

  const viaBearer = await fastify.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${body.token}` } });
  t.equal(viaBearer.statusCode, 200);
  const viaCookie = await fastify.inject({ method: 'GET', url: '/api/v1/tenants', cookies: { campanile_session: body.token } });
  t.equal(viaCookie.statusCode, 200, 'cookie session works');

  const logout = await fastify.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${body.token}` } });
  t.equal(logout.statusCode, 204);
  expectProblem(t, await fastify.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${body.token}` } }), 401, 'unauthenticated');
  expectProblem(t, await fastify.inject({ method: 'GET', url: '/api/v1/tenants', cookies: { campanile_session: body.token } }), 401, 'unauthenticated');
});

t.test('wrong password and unknown account look the same', async (t) => {
  const { fastify } = await build(t, { env: { CAMPANILE_ADMIN_EMAIL: 'root@example.org', CAMPANILE_ADMIN_PASSWORD: PASSWORD } });
  const wrong = await fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@example.org', password: 'nope' } });
  const unknown = await fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ghost@example.org', password: 'nope' } });
  expectProblem(t, wrong, 401, 'unauthenticated');
  t.same(wrong.json(), unknown.json());
});

t.test('login brute force: 429 per account (even with the right password) and per address', async (t) => {
  const { fastify } = await build(t, { env: { CAMPANILE_ADMIN_EMAIL: 'root@example.org', CAMPANILE_ADMIN_PASSWORD: PASSWORD, LOGIN_MAX_FAILURES: '3', LOGIN_MAX_PER_IP: '8' } });
  const attempt = (email: string, password: string, ip = '10.0.0.1') =>
    fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
  for (let i = 0; i < 3; i++) t.equal((await attempt('root@example.org', `guess-${i}`)).statusCode, 401);
  const blocked = await attempt('root@example.org', PASSWORD);
  expectProblem(t, blocked, 429, 'too-many-requests');
  t.ok(Number(blocked.headers['retry-after']) > 0, 'Retry-After set');
  t.equal((await attempt('root@example.org', PASSWORD, '10.0.0.2')).statusCode, 429, 'the account stays locked from another address');

  // Per address: spraying many accounts from one address.
  const results: number[] = [];
  for (let i = 0; i < 10; i++) results.push((await attempt(`user${i}@example.org`, 'x', '10.9.9.9')).statusCode);
  t.same(results.slice(0, 7), [401, 401, 401, 401, 401, 401, 401]);
  t.equal(results.at(-1), 429, 'the address is throttled');
});

t.test('password change: the new one works, other sessions are revoked, the current one survives', async (t) => {
  const app = await build(t);
  const { fastify, tenant } = app;
  const user = await fastify.users.create({ email: 'editor@comune.test', password: PASSWORD, role: 'editor', tenantId: (await app.campanile.services.tenants.bySlug(tenant))?.id ?? 0 });
  const a = await fastify.sessions.create(user, null);
  const b = await fastify.sessions.create(user, null);
  const bad = await fastify.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { authorization: `Bearer ${a.token}` }, payload: { currentPassword: 'wrong', newPassword: 'another long passphrase' } });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().details[0].field, 'currentPassword');
  const ok = await fastify.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { authorization: `Bearer ${a.token}` }, payload: { currentPassword: PASSWORD, newPassword: 'another long passphrase' } });
  t.equal(ok.statusCode, 204, ok.body);
  t.equal((await fastify.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${a.token}` } })).statusCode, 200, 'current session survives');
  t.equal((await fastify.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${b.token}` } })).statusCode, 401, 'other session revoked');
  const relog = await fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'editor@comune.test', password: 'another long passphrase' } });
  t.equal(relog.statusCode, 200);
});

t.test('a deactivated user is out at once', async (t) => {
  const app = await build(t);
  const editorToken = await app.tokenOf('editor');
  const mayor = await app.injectAs('mayor');
  const me = await app.fastify.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${editorToken}` } });
  const id = me.json().id as number;
  const res = await mayor({ method: 'PATCH', url: `/api/v1/tenants/${app.tenant}/users/${id}`, payload: { active: false } });
  t.equal(res.statusCode, 200, res.body);
  t.equal((await app.fastify.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${editorToken}` } })).statusCode, 401);
});

t.test('login limits are shared by every process on the database, keyed by hashes, and end with their window', async (t) => {
  const env = { CAMPANILE_ADMIN_EMAIL: 'root@example.org', CAMPANILE_ADMIN_PASSWORD: PASSWORD, LOGIN_MAX_FAILURES: '4' };
  const first = await build(t, { env });
  // A second admin API on the same database: what a second process behind the balancer is.
  const second = Fastify({ logger: false });
  await second.register(fp(app), { campanile: first.campanile, env });
  await second.ready();
  t.teardown(() => second.close());
  const attempt = (fastify: FastifyInstance, password: string) =>
    fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'Root@Example.org', password }, remoteAddress: '10.1.1.1' });
  for (const fastify of [first.fastify, second, first.fastify, second]) t.equal((await attempt(fastify, 'guess')).statusCode, 401);
  expectProblem(t, await attempt(first.fastify, PASSWORD), 429, 'too-many-requests');
  expectProblem(t, await attempt(second, PASSWORD), 429, 'too-many-requests');

  const rows = await first.campanile.db.em.fork().find(LoginAttemptWindow, {});
  t.equal(rows.length, 2, 'one window for the account, one for the address');
  t.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key)), 'keys are hashes: no e-mail or address is stored');

  // The window ends: the account may try again, and ended windows are pruned.
  let now = Date.now();
  const throttle = new LoginThrottle(sqlRunner(first.campanile.db), { maxFailures: 4, maxPerIp: 100, windowMs: 60_000 }, () => now);
  await t.rejects(throttle.check('root@example.org', '10.1.1.2'), { message: /Too many login attempts/ }, 'still locked inside the window');
  now += 16 * 60_000;
  await throttle.check('root@example.org', '10.1.1.2');
  t.pass('after the window the account may log in again');
  t.equal(await first.campanile.db.em.fork().count(LoginAttemptWindow, {}), 1, 'ended windows are deleted (only the new address window is left)');
});
