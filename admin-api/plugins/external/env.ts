import fp from 'fastify-plugin';
import { ConfigError, type ConfigProblem } from '../../../core/internal.js';
import { MIN_PASSWORD } from '../../schemas/auth.js';

/** Admin API settings, read once from the environment. */
export interface AdminApiConfig {
  /** First superadmin, created on first start when no superadmin exists. */
  readonly adminEmail: string | undefined;
  readonly adminPassword: string | undefined;
  /** When set, `/metrics` needs `Authorization: Bearer <METRICS_TOKEN>`. */
  readonly metricsToken: string | undefined;
  /** Session lifetime (SESSION_TTL_HOURS, default 12). */
  readonly sessionTtlMs: number;
  /** Session cookie gets `Secure` (COOKIE_SECURE=true; default on when NODE_ENV=production). */
  readonly cookieSecure: boolean;
  /** Failed logins per account per window before 429 (LOGIN_MAX_FAILURES, default 5). */
  readonly loginMaxFailures: number;
  /** Login attempts per IP per window before 429 (LOGIN_MAX_PER_IP, default 30). */
  readonly loginMaxPerIp: number;
  /** The window, LOGIN_WINDOW_MINUTES (default 15). */
  readonly loginWindowMs: number;
  /** Largest JSON body (API_BODY_LIMIT bytes, default 256 KiB): admin payloads are small. */
  readonly bodyLimit: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Admin API settings (see `AdminApiConfig`). */
    config: AdminApiConfig;
  }
}

/**
 * Reads the admin API's environment. Tests pass `env` explicitly instead of touching `process.env`.
 *
 * @example
 * const config = loadAdminConfig({ METRICS_TOKEN: 's3cret' });
 * config.sessionTtlMs; // 43200000
 */
export function loadAdminConfig(env: Readonly<Record<string, string | undefined>>): AdminApiConfig {
  // Every wrong variable is collected, then reported together (a ConfigError, like loadConfig's).
  const problems: ConfigProblem[] = [];
  const int = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) {
      problems.push({ variable: name, value: raw, fix: 'give a positive number, or unset it.' });
      return fallback;
    }
    return value;
  };
  if (env.COOKIE_SECURE?.trim() && !['true', 'false'].includes(env.COOKIE_SECURE.trim())) {
    problems.push({ variable: 'COOKIE_SECURE', value: env.COOKIE_SECURE, fix: 'use true or false.' });
  }
  // The first superadmin: both or neither, a plausible address, a password the API itself would accept.
  const email = env.CAMPANILE_ADMIN_EMAIL?.trim() || undefined;
  const password = env.CAMPANILE_ADMIN_PASSWORD || undefined;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push({ variable: 'CAMPANILE_ADMIN_EMAIL', value: email, fix: 'give an e-mail address, e.g. sindaco@comune.example.it.' });
  if (password && (password.length < MIN_PASSWORD || password.length > 256)) {
    problems.push({ variable: 'CAMPANILE_ADMIN_PASSWORD', value: '[redacted]', fix: `give ${MIN_PASSWORD} to 256 characters (a passphrase of a few words).` });
  }
  if (Boolean(email) !== Boolean(password)) {
    const missing = email ? 'CAMPANILE_ADMIN_PASSWORD' : 'CAMPANILE_ADMIN_EMAIL';
    problems.push({ variable: missing, value: '', fix: 'set CAMPANILE_ADMIN_EMAIL and CAMPANILE_ADMIN_PASSWORD together (the first superadmin), or neither.' });
  }
  const config: AdminApiConfig = {
    adminEmail: env.CAMPANILE_ADMIN_EMAIL || undefined,
    adminPassword: env.CAMPANILE_ADMIN_PASSWORD || undefined,
    metricsToken: env.METRICS_TOKEN || undefined,
    sessionTtlMs: int('SESSION_TTL_HOURS', 12) * 3_600_000,
    cookieSecure: env.COOKIE_SECURE?.trim() ? env.COOKIE_SECURE.trim() === 'true' : env.NODE_ENV === 'production',
    loginMaxFailures: int('LOGIN_MAX_FAILURES', 5),
    loginMaxPerIp: int('LOGIN_MAX_PER_IP', 30),
    loginWindowMs: int('LOGIN_WINDOW_MINUTES', 15) * 60_000,
    bodyLimit: int('API_BODY_LIMIT', 256 * 1024),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Decorates `fastify.config` with the admin API settings.
 *
 * @example
 * await fastify.register(envPlugin, { env: process.env });
 * fastify.config.metricsToken;
 */
export default fp<{ env: Readonly<Record<string, string | undefined>> }>(
  async (fastify, options) => {
    fastify.decorate('config', loadAdminConfig(options.env));
  },
  { name: 'env' },
);
