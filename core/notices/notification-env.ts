import type { RateLimits } from '../channel/capabilities.js';

/**
 * The notification engine settings an operator may set from the environment (a subset of
 * `NotificationOptions`: intervals, limits and rates, not the test hooks). Unset variables leave the
 * engine's defaults (`DEFAULT_NOTIFICATION_OPTIONS`); options given to `createCampanile` win over these.
 */
export interface NotificationEnvOptions {
  readonly pollIntervalMs?: number;
  readonly schedulerIntervalMs?: number;
  readonly concurrency?: number;
  readonly maxUnconfirmed?: number;
  readonly batchSize?: number;
  readonly rowLeaseMs?: number;
  readonly laneLeaseMs?: number;
  readonly maxAttempts?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  readonly sendTimeoutMs?: number;
  readonly maxReplyAgeMs?: number;
  readonly planChunkSize?: number;
  readonly asyncCommit?: boolean;
  readonly dispatch?: boolean;
  readonly rateLimits?: Readonly<Record<string, Partial<RateLimits>>>;
}

/** Variable → option, each a positive integer. */
const INTEGERS = {
  NOTIFY_POLL_INTERVAL_MS: 'pollIntervalMs',
  NOTIFY_SCHEDULER_INTERVAL_MS: 'schedulerIntervalMs',
  NOTIFY_CONCURRENCY: 'concurrency',
  NOTIFY_MAX_UNCONFIRMED: 'maxUnconfirmed',
  NOTIFY_BATCH_SIZE: 'batchSize',
  NOTIFY_LEASE_MS: 'rowLeaseMs',
  NOTIFY_LANE_LEASE_MS: 'laneLeaseMs',
  NOTIFY_MAX_ATTEMPTS: 'maxAttempts',
  NOTIFY_BACKOFF_BASE_MS: 'backoffBaseMs',
  NOTIFY_BACKOFF_MAX_MS: 'backoffMaxMs',
  NOTIFY_SEND_TIMEOUT_MS: 'sendTimeoutMs',
  NOTIFY_MAX_REPLY_AGE_MS: 'maxReplyAgeMs',
  NOTIFY_PLAN_CHUNK_SIZE: 'planChunkSize',
} as const satisfies Record<string, keyof NotificationEnvOptions>;

const BOOLEANS = { NOTIFY_ASYNC_COMMIT: 'asyncCommit', NOTIFY_DISPATCH: 'dispatch' } as const satisfies Record<string, keyof NotificationEnvOptions>;

/**
 * Reads the `NOTIFY_*` variables (see the README's configuration table). Per-channel rates:
 * `NOTIFY_RATE_<CHANNEL>` messages per second per account and `NOTIFY_CHAT_RATE_<CHANNEL>` per chat
 * (fractions allowed: WhatsApp's 1 per 6 s per user is `0.1667`); they override what the adapter declares
 * (for Telegram, `TELEGRAM_RATE` sets the adapter's own declaration). Throws with the fix on a bad value.
 *
 * @example
 * notificationsFromEnv({ NOTIFY_CONCURRENCY: '16', NOTIFY_RATE_WHATSAPP: '60' });
 * // { concurrency: 16, rateLimits: { whatsapp: { perAccount: { count: 60, perMs: 1000 } } } }
 */
export function notificationsFromEnv(env: Readonly<Record<string, string | undefined>>): NotificationEnvOptions {
  const { options, problems } = readNotificationEnv(env);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return options;
}

/**
 * Reads the `NOTIFY_*` variables like `notificationsFromEnv`, but returns every wrong one (each a line
 * `NAME="value": the fix`) instead of throwing at the first: `loadConfig` lists them with the rest.
 *
 * @example
 * readNotificationEnv({ NOTIFY_CONCURRENCY: 'many' }).problems;
 * // ['NOTIFY_CONCURRENCY="many": give a whole number greater than 0.']
 */
export function readNotificationEnv(env: Readonly<Record<string, string | undefined>>): { options: NotificationEnvOptions; problems: string[] } {
  const options: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, key] of Object.entries(INTEGERS)) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) problems.push(`${name}="${env[name]}": give a whole number greater than 0.`);
    else options[key] = value;
  }
  for (const [name, key] of Object.entries(BOOLEANS)) {
    const raw = env[name]?.trim().toLowerCase();
    if (!raw) continue;
    if (!['true', 'false', '1', '0'].includes(raw)) problems.push(`${name}="${env[name]}": use true or false.`);
    else options[key] = raw === 'true' || raw === '1';
  }
  const rateLimits: Record<string, { perAccount?: RateLimits['perAccount']; perChat?: RateLimits['perChat'] }> = {};
  for (const [name, raw] of Object.entries(env)) {
    const match = /^NOTIFY_(CHAT_)?RATE_([A-Z0-9_]+)$/.exec(name);
    if (!match?.[2] || !raw?.trim()) continue;
    const perSecond = Number(raw.trim());
    if (!(perSecond > 0) || !Number.isFinite(perSecond)) {
      problems.push(`${name}="${raw}": give messages per second greater than 0, e.g. 30 (or 0.1667 for one every 6 s).`);
      continue;
    }
    const channel = match[2].toLowerCase().replace(/_/g, '-');
    const limit = perSecond >= 1 ? { count: perSecond, perMs: 1000 } : { count: 1, perMs: Math.round(1000 / perSecond) };
    rateLimits[channel] = { ...rateLimits[channel], [match[1] ? 'perChat' : 'perAccount']: limit };
  }
  if (Object.keys(rateLimits).length > 0) options.rateLimits = rateLimits;
  return { options: options as NotificationEnvOptions, problems };
}
