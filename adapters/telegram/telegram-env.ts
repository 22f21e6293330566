import type { TelegramAdapterOptions } from './telegram-adapter.js';

/**
 * Reads the default tenant's bot from the environment: `TELEGRAM_BOT_TOKEN` (unset → no Telegram),
 * `TELEGRAM_API_ROOT`, `TELEGRAM_MODE` (`polling` | `webhook`), `TELEGRAM_WEBHOOK_SECRET`, `PUBLIC_URL`,
 * `TELEGRAM_RATE` (bulk messages per second). Throws with the fix when a value is wrong.
 *
 * @example
 * const options = telegramFromEnv(process.env, { tenant: 'esempio', displayName: 'Comune di Esempio' });
 * if (options) adapters.push({ adapter: new TelegramAdapter(options), tenant: 'esempio' });
 */
export function telegramFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  defaults: { tenant: string; displayName?: string },
): TelegramAdapterOptions | undefined {
  const token = env.TELEGRAM_BOT_TOKEN?.trim();
  if (!token) return undefined;
  const mode = env.TELEGRAM_MODE?.trim() || 'polling';
  if (mode !== 'polling' && mode !== 'webhook') throw new Error(`TELEGRAM_MODE="${mode}": use "polling" (default) or "webhook".`);
  const rate = env.TELEGRAM_RATE ? Number(env.TELEGRAM_RATE) : undefined;
  if (rate !== undefined && !(rate > 0)) throw new Error(`TELEGRAM_RATE="${env.TELEGRAM_RATE}": give messages per second, e.g. 30.`);
  return {
    tenant: defaults.tenant,
    token,
    mode,
    ...(defaults.displayName ? { displayName: defaults.displayName } : {}),
    ...(env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT.replace(/\/+$/, '') } : {}),
    ...(rate !== undefined ? { ratePerSecond: rate } : {}),
    ...(mode === 'webhook' ? { webhook: { publicUrl: env.PUBLIC_URL ?? '', secret: env.TELEGRAM_WEBHOOK_SECRET ?? '' } } : {}),
  };
}
