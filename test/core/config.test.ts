import { join } from 'node:path';
import t from 'tap';
import { ConfigError, loadConfig } from '../../core/internal.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
};

t.test('nothing set: the documented defaults', async (t) => {
  const config = loadConfig({});
  t.equal(config.databaseUrl, undefined);
  t.equal(config.sqlitePath, join(process.cwd(), 'data', 'campanile.sqlite'));
  t.same(config.http, { port: 3000, host: '127.0.0.1', trustProxy: false, publicUrl: undefined });
  t.same(config.defaultTenant, { name: 'Comune di Esempio', slug: 'esempio', timezone: 'Europe/Rome', locales: ['it', 'en'] });
  t.same(loadConfig({ PORT: '', LOG_LEVEL: '' }).http.port, 3000, 'the empty string is unset');
});

t.test('DATABASE_URL: postgres://, postgresql:// and sqlite:<path>', async (t) => {
  t.equal(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).databaseUrl, 'postgres://postgres@127.0.0.1:5432/test');
  t.equal(loadConfig({ DATABASE_URL: 'postgresql://u:p%40ss@db/campanile' }).databaseUrl, 'postgresql://u:p%40ss@db/campanile');
  const sqlite = loadConfig({ DATABASE_URL: 'sqlite:/var/lib/campanile/comune.sqlite' });
  t.equal(sqlite.databaseUrl, undefined, 'sqlite: is not a PostgreSQL URL');
  t.equal(sqlite.sqlitePath, '/var/lib/campanile/comune.sqlite');
  t.equal(loadConfig({ DATABASE_URL: 'sqlite:///srv/c.sqlite' }).sqlitePath, '/srv/c.sqlite', 'sqlite:///abs');
  t.equal(loadConfig({ DATABASE_URL: 'sqlite:./x.sqlite', SQLITE_PATH: 'x.sqlite' }).sqlitePath, './x.sqlite', 'the same file twice is no conflict');
  t.same(problems({ DATABASE_URL: 'sqlite:/a.sqlite', SQLITE_PATH: '/b.sqlite' }), ['SQLITE_PATH'], 'two different files conflict');
  t.throws(() => loadConfig({ DATABASE_URL: 'sqlite:/a.sqlite', SQLITE_PATH: '/b.sqlite' }), /SQLITE_PATH="\/b.sqlite": conflicts with DATABASE_URL/);
  t.throws(() => loadConfig({ DATABASE_URL: 'mysql://root@localhost/campanile' }), /DATABASE_URL="mysql:\/\/root@localhost\/campanile": "mysql" is not supported/);
  t.same(problems({ DATABASE_URL: 'sqlite:' }), ['DATABASE_URL']);
  t.same(problems({ DATABASE_URL: 'campanile.sqlite' }), ['DATABASE_URL']);
});

t.test('every wrong variable is named in one error, none defaulted', async (t) => {
  const env = {
    DATABASE_URL: 'mysql://x', PORT: '70000', HOST: 'not a host', LOG_LEVEL: 'loud', TRUST_PROXY: 'yes',
    PUBLIC_URL: 'campanile.example.it', CAMPANILE_TENANT_SLUG: 'Sant Anna', CAMPANILE_TIMEZONE: 'Europe/Atlantis',
    CAMPANILE_LOCALES: 'it,english!', NOTIFY_CONCURRENCY: 'many', NOTIFY_RATE_TELEGRAM: '-1',
  };
  t.same(problems(env).sort(), Object.keys(env).sort());
  const error = t.throws(() => loadConfig(env)) as ConfigError;
  t.match(error.message, /^Campanile cannot start: 11 variables are wrong/);
  t.match(error.message, /CAMPANILE_TIMEZONE="Europe\/Atlantis": give an IANA time zone/);
  t.match(error.message, /PORT="70000": give a TCP port/);
});

t.test('valid values are taken as given', async (t) => {
  const config = loadConfig({
    PORT: '8080', HOST: '::', LOG_LEVEL: 'warn', TRUST_PROXY: '10.0.0.0/8, loopback', PUBLIC_URL: 'https://campanile.comune.example.it/',
    CAMPANILE_TENANT_NAME: 'Comune di Sant\'Anna', CAMPANILE_TIMEZONE: 'America/Argentina/Buenos_Aires', CAMPANILE_LOCALES: 'de, it',
  });
  t.same(config.http, { port: 8080, host: '::', trustProxy: '10.0.0.0/8, loopback', publicUrl: 'https://campanile.comune.example.it' });
  t.equal(config.logLevel, 'warn');
  t.same(config.defaultTenant.locales, ['de', 'it']);
  t.equal(config.defaultTenant.slug, 'sant-anna');
  t.equal(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy, 2);
  t.equal(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy, true);
  t.same(problems({ CAMPANILE_TIMEZONE: '+01:00' }), ['CAMPANILE_TIMEZONE'], 'an offset is not a zone');
  t.same(problems({ HOST: 'campanile.local' }), []);
});
