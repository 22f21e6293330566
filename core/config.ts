import { join } from 'node:path';
import { notificationsFromEnv, type NotificationEnvOptions } from './notices/notification-env.js';

/**
 * Process configuration from the environment, read once at start. Every variable is optional on a
 * developer's machine: no token is needed to run on the embedded database with the web chat.
 *
 * @example
 * const config = loadConfig(process.env);
 * config.databaseUrl ?? 'sqlite';
 */
export interface CampanileConfig {
  /** `postgres://…`; unset means SQLite at `sqlitePath`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly sqlitePath: string;
  readonly mediaDir: string;
  readonly defaultTenant: { readonly name: string; readonly slug: string; readonly timezone: string; readonly locales: readonly string[] };
  readonly logLevel: string;
  /** Notification engine settings from `NOTIFY_*` variables (only those set); see core/notices/notification-env.ts. */
  readonly notifications: NotificationEnvOptions;
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): CampanileConfig {
  const dataDir = env.DATA_DIR ?? join(process.cwd(), 'data');
  const name = env.CAMPANILE_TENANT_NAME ?? 'Comune di Esempio';
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    sqlitePath: env.SQLITE_PATH ?? join(dataDir, 'campanile.sqlite'),
    mediaDir: env.MEDIA_DIR ?? join(dataDir, 'media'),
    defaultTenant: {
      name,
      slug: env.CAMPANILE_TENANT_SLUG ?? slugify(name),
      timezone: env.CAMPANILE_TIMEZONE ?? 'Europe/Rome',
      locales: (env.CAMPANILE_LOCALES ?? 'it,en').split(',').map((l) => l.trim()).filter(Boolean),
    },
    logLevel: env.LOG_LEVEL ?? 'info',
    notifications: notificationsFromEnv(env),
  };
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
