import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { FormatRegistry, Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { readNotificationEnv, type NotificationEnvOptions } from './notices/notification-env.js';
import { TENANT_SLUG } from './tenancy/tenant-service.js';

/**
 * Process configuration from the environment, read once at start and validated by one schema
 * (`CONFIG_SCHEMA`). Every variable is optional on a developer's machine: no token is needed to run on the
 * embedded database with the web chat. A variable set to something wrong stops the start (`ConfigError`,
 * naming each one and its fix); it is never replaced by its default. A variable set to the empty string
 * counts as unset (what `VAR=` in an env file or compose means).
 *
 * @example
 * const config = loadConfig(process.env);
 * config.databaseUrl ?? 'sqlite';
 */
export interface CampanileConfig {
  /** `postgres://…`; unset means SQLite at `sqlitePath` (`DATABASE_URL=sqlite:<path>` or `SQLITE_PATH`). */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly sqlitePath: string;
  readonly mediaDir: string;
  readonly defaultTenant: { readonly name: string; readonly slug: string; readonly timezone: string; readonly locales: readonly string[] };
  readonly logLevel: string;
  /** HTTP server: `PORT` (default 3000) and `HOST` (default 127.0.0.1). */
  readonly http: {
    readonly port: number;
    readonly host: string;
    /** fastify's `trustProxy` from `TRUST_PROXY`: true/false, a hop count, or the proxies' addresses/CIDRs. */
    readonly trustProxy: boolean | number | string;
    /** `PUBLIC_URL` without its trailing slash: the https address people and channels reach. */
    readonly publicUrl: string | undefined;
  };
  /** `SHUTDOWN_TIMEOUT_MS` (default 10000): on SIGTERM/SIGINT the process exits within this, finished or not. */
  readonly shutdownTimeoutMs: number;
  /** Notification engine settings from `NOTIFY_*` variables (only those set); see core/notices/notification-env.ts. */
  readonly notifications: NotificationEnvOptions;
  /** The admin UI's map background: `MAP_TILE_URL` (an XYZ template) and `MAP_TILE_ATTRIBUTION` (plain text). */
  readonly map: { readonly tileUrl: string; readonly tileAttribution: string };
}

/** OpenStreetMap's standard tiles and the attribution its tile policy asks for. */
export const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const DEFAULT_TILE_ATTRIBUTION = '© OpenStreetMap contributors';

/** One wrong variable: its name, the value it had and how to fix it. */
export interface ConfigProblem {
  readonly variable: string;
  readonly value: string;
  readonly fix: string;
}

/**
 * The start was refused: `problems` lists every wrong variable (not only the first), and the message has
 * one line per variable, `NAME="value": the fix`.
 *
 * @example
 * try { loadConfig(process.env); } catch (error) {
 *   if (error instanceof ConfigError) console.error(error.message);
 * }
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`Campanile cannot start: ${problems.length === 1 ? 'one variable is' : `${problems.length} variables are`} wrong. Fix or unset:\n${problems.map((p) => `  ${p.variable}="${p.value}": ${p.fix}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Formats the schema names: checks TypeBox has no pattern for. Registered once per process.
const FORMATS: Record<string, (value: string) => boolean> = {
  'campanile-database-url': (value) => databaseUrlProblem(value) === undefined,
  'campanile-iana-timezone': (value) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      // Intl also takes offsets like "+01:00": a comune's scheduled notices need a zone with its DST rules.
      return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(value);
    } catch {
      return false;
    }
  },
  'campanile-locales': (value) => value.split(',').map((l) => l.trim()).every((l) => {
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(l)) return false;
    try {
      return Intl.getCanonicalLocales(l).length === 1;
    } catch {
      return false;
    }
  }),
  'campanile-host': (value) => isIP(value) !== 0 || /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(value),
  'campanile-http-url': (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && !url.search && !url.hash;
    } catch {
      return false;
    }
  },
  'campanile-trust-proxy': (value) => {
    if (/^(true|false|\d{1,2})$/.test(value)) return true;
    // proxy-addr's names, addresses and CIDRs, comma-separated (fastify passes the string on).
    return value.split(',').map((p) => p.trim()).every((p) => {
      if (['loopback', 'linklocal', 'uniquelocal'].includes(p)) return true;
      const [address = '', bits, ...rest] = p.split('/');
      const family = isIP(address);
      if (family === 0 || rest.length > 0) return false;
      return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
    });
  },
  'campanile-tile-url': (value) => tileUrlOrigin(value) !== undefined,
};
for (const [name, check] of Object.entries(FORMATS)) if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check);

/** A variable of the schema: a string (environment values are strings) and the fix its error gives. */
const variable = (fix: string, options: Record<string, unknown> = {}): TSchema => Type.Optional(Type.String({ ...options, fix }));

/**
 * The configuration variables Campanile itself reads (channels validate theirs in their adapters, the
 * admin API its own, `NOTIFY_*` in core/notices/notification-env.ts): one schema, one check at start.
 * Each property carries `fix`, the line its error gives.
 */
export const CONFIG_SCHEMA = Type.Object({
  DATABASE_URL: variable('use postgres://user[:password]@host[:port]/database (or postgresql://), or sqlite:<file path>; unset for SQLite under DATA_DIR.', { format: 'campanile-database-url' }),
  DATA_DIR: variable('give a folder path (created if missing).', { minLength: 1 }),
  MEDIA_DIR: variable('give a folder path (created if missing).', { minLength: 1 }),
  SQLITE_PATH: variable('give the SQLite file path (its folder is created if missing).', { minLength: 1 }),
  PORT: variable('give a TCP port, a whole number from 0 to 65535.', { pattern: '^(0|[1-9]\\d{0,4})$' }),
  HOST: variable('give an IP address (127.0.0.1, 0.0.0.0, ::) or a host name to listen on.', { format: 'campanile-host' }),
  LOG_LEVEL: variable(`use one of ${LOG_LEVELS.join(', ')}.`, { pattern: `^(${LOG_LEVELS.join('|')})$` }),
  TRUST_PROXY: variable('use true, false, the number of proxies in front (e.g. 1), or their addresses/CIDRs, comma-separated (e.g. 10.0.0.0/8,loopback).', { format: 'campanile-trust-proxy' }),
  PUBLIC_URL: variable('give the absolute address people and channels reach, e.g. https://campanile.comune.example.it (no query).', { format: 'campanile-http-url' }),
  SHUTDOWN_TIMEOUT_MS: variable('give the milliseconds a SIGTERM may take, a whole number from 1000, e.g. 10000.', { pattern: '^[1-9]\\d{3,6}$' }),
  CAMPANILE_TENANT_NAME: variable('give the comune\'s name, 1 to 200 characters, e.g. "Comune di Esempio".', { minLength: 1, maxLength: 200 }),
  CAMPANILE_TENANT_SLUG: variable('use lowercase letters, digits and inner hyphens, at most 64 characters, e.g. "sant-anna".', { pattern: TENANT_SLUG.source }),
  CAMPANILE_TIMEZONE: variable('give an IANA time zone such as Europe/Rome.', { format: 'campanile-iana-timezone' }),
  CAMPANILE_LOCALES: variable('give language codes, comma-separated, the default first, e.g. it,en.', { format: 'campanile-locales' }),
  MAP_TILE_URL: variable('give an http(s) tile template with {z}, {x} and {y} (optionally {s} as the first label of the host, {r}), e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png.', { format: 'campanile-tile-url', maxLength: 500 }),
  MAP_TILE_ATTRIBUTION: variable('give the tile provider\'s credit as plain text, 1 to 300 characters, e.g. "© OpenStreetMap contributors".', { minLength: 1, maxLength: 300, pattern: '^[^<>]*$' }),
});

/**
 * Reads and validates the configuration. Throws `ConfigError` listing every wrong variable, before
 * anything is created on disk or in a database.
 *
 * `DATABASE_URL=sqlite:<path>` names the SQLite file; `SQLITE_PATH` does the same. Both set to different
 * files is a conflict, reported like a wrong value (neither silently wins).
 *
 * @example
 * const config = loadConfig({ DATABASE_URL: 'sqlite:./data/comune.sqlite', PORT: '8080' });
 * config.sqlitePath; // '<cwd>/data/comune.sqlite'
 */
export function loadConfig(input: Readonly<Record<string, string | undefined>>): CampanileConfig {
  // The empty string is unset; other values are checked as given (trimmed: a stray space is not garbage).
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(input)) if (value !== undefined && value.trim() !== '') env[name] = value.trim();
  const problems = configProblems(env);
  const notices = readNotificationEnv(input);
  for (const line of notices.problems) {
    const match = /^([A-Z0-9_]+)="(.*)": (.*)$/s.exec(line);
    problems.push(match ? { variable: match[1]!, value: match[2]!, fix: match[3]! } : { variable: 'NOTIFY_*', value: '', fix: line });
  }
  const sqliteFromUrl = env.DATABASE_URL?.startsWith('sqlite:') ? sqliteUrlPath(env.DATABASE_URL) : undefined;
  if (sqliteFromUrl !== undefined && env.SQLITE_PATH !== undefined && !samePath(sqliteFromUrl, env.SQLITE_PATH)) {
    problems.push({ variable: 'SQLITE_PATH', value: env.SQLITE_PATH, fix: `conflicts with DATABASE_URL="${env.DATABASE_URL}": set only one of them (DATABASE_URL=sqlite:<path> names the SQLite file).` });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = env.DATA_DIR ?? join(process.cwd(), 'data');
  const name = env.CAMPANILE_TENANT_NAME ?? 'Comune di Esempio';
  return {
    databaseUrl: sqliteFromUrl === undefined ? env.DATABASE_URL : undefined,
    dataDir,
    sqlitePath: sqliteFromUrl ?? env.SQLITE_PATH ?? join(dataDir, 'campanile.sqlite'),
    mediaDir: env.MEDIA_DIR ?? join(dataDir, 'media'),
    defaultTenant: {
      name,
      slug: env.CAMPANILE_TENANT_SLUG ?? slugify(name),
      timezone: env.CAMPANILE_TIMEZONE ?? 'Europe/Rome',
      locales: (env.CAMPANILE_LOCALES ?? 'it,en').split(',').map((l) => l.trim()).filter(Boolean),
    },
    logLevel: env.LOG_LEVEL ?? 'info',
    http: {
      port: Number(env.PORT ?? 3000),
      host: env.HOST ?? '127.0.0.1',
      trustProxy: trustProxy(env.TRUST_PROXY),
      publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
    },
    shutdownTimeoutMs: Number(env.SHUTDOWN_TIMEOUT_MS ?? 10_000),
    notifications: notices.options,
    map: {
      tileUrl: env.MAP_TILE_URL ?? DEFAULT_TILE_URL,
      // A custom tile server without its own credit keeps OpenStreetMap's only when it serves OSM's tiles.
      tileAttribution: env.MAP_TILE_ATTRIBUTION ?? DEFAULT_TILE_ATTRIBUTION,
    },
  };
}

/**
 * The CSP source of a tile template's server (`https://tile.openstreetmap.org`, `https://*.tile.example.it`
 * for `{s}` subdomains), or undefined when the template is not a usable http(s) XYZ template.
 *
 * @example
 * tileUrlOrigin('https://{s}.tile.example.it/{z}/{x}/{y}.png'); // 'https://*.tile.example.it'
 */
export function tileUrlOrigin(template: string): string | undefined {
  if (!template.includes('{z}') || !template.includes('{x}') || !/\{-?y\}/.test(template)) return undefined;
  const match = /^(https?):\/\/((?:\{s\}\.)?)([^/?#{}]+)(\/[^#]*)$/.exec(template);
  if (!match) return undefined;
  const [, scheme, sub, host, rest] = match as unknown as [string, string, string, string, string];
  // Only Leaflet's own placeholders: anything else would reach the tile server literally.
  if (/\{(?![zxysr]\}|-y\})[^}]*\}/.test(rest)) return undefined;
  try {
    const url = new URL(`${scheme}://${host}${rest.replace(/\{-?[a-z]\}/g, '0')}`);
    if (url.username || url.password || !url.hostname) return undefined;
    return `${scheme}://${sub ? '*.' : ''}${url.host}`;
  } catch {
    return undefined;
  }
}

/** The schema's verdict, one problem per variable (the first failing rule's fix). */
function configProblems(env: Record<string, string>): ConfigProblem[] {
  const problems = new Map<string, ConfigProblem>();
  for (const error of Value.Errors(CONFIG_SCHEMA, env)) {
    const name = error.path.replace(/^\//, '');
    if (problems.has(name)) continue;
    let fix = String((error.schema as { fix?: string }).fix ?? error.message);
    // The URL's own complaint is more precise than the schema's general line.
    if (name === 'DATABASE_URL') fix = databaseUrlProblem(env.DATABASE_URL ?? '') ?? fix;
    problems.set(name, { variable: name, value: String(error.value ?? ''), fix });
  }
  const port = env.PORT === undefined ? undefined : Number(env.PORT);
  if (port !== undefined && !problems.has('PORT') && port > 65535) problems.set('PORT', { variable: 'PORT', value: env.PORT!, fix: 'give a TCP port, a whole number from 0 to 65535.' });
  return [...problems.values()];
}

/** Why a `DATABASE_URL` cannot be used, or undefined when it can. */
function databaseUrlProblem(value: string): string | undefined {
  if (value.startsWith('sqlite:')) {
    return sqliteUrlPath(value) ? undefined : 'give the SQLite file after "sqlite:", e.g. sqlite:./data/campanile.sqlite.';
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    return `${scheme ? `"${scheme}" is not supported` : 'not a database URL'}: Campanile runs on PostgreSQL (postgres://user@host:5432/database) or SQLite (sqlite:<file path>, or leave DATABASE_URL unset).`;
  }
  try {
    const url = new URL(value);
    if (!url.hostname && !url.searchParams.get('host')) return 'name the host, e.g. postgres://postgres@127.0.0.1:5432/campanile.';
  } catch {
    return 'not a valid URL: percent-encode special characters of the password, e.g. postgres://user:p%40ss@host:5432/campanile.';
  }
  return undefined;
}

/** `sqlite:./a.sqlite`, `sqlite:/abs/a.sqlite`, `sqlite:///abs/a.sqlite`, `sqlite::memory:` → the path. */
function sqliteUrlPath(url: string): string | undefined {
  let path = url.slice('sqlite:'.length);
  if (path.startsWith('//')) path = path.slice(2);
  return path.trim() || undefined;
}

function samePath(a: string, b: string): boolean {
  return a === b || (a !== ':memory:' && b !== ':memory:' && resolve(a) === resolve(b));
}

function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** "Comune di Sant'Anna d'Alfaedo" → "sant-anna-d-alfaedo" (the "comune di" prefix dropped). */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^comune di\s+/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug || 'comune';
}
