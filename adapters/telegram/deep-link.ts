/** Telegram's rule for a `start` payload: 1–64 characters of `A-Z a-z 0-9 _ -`. */
export const START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The `t.me` link that opens the bot, optionally with a `/start` payload (e.g. the base module's
 * `cat_<key>`, which subscribes straight to a category). Throws, naming the rule, on a bad payload.
 *
 * @example
 * deepLink('comune_esempio_bot'); // 'https://t.me/comune_esempio_bot'
 * deepLink('comune_esempio_bot', 'cat_eventi'); // 'https://t.me/comune_esempio_bot?start=cat_eventi'
 */
export function deepLink(botUsername: string, payload?: string): string {
  if (!/^[A-Za-z0-9_]{4,64}$/.test(botUsername)) throw new Error(`"${botUsername}" is not a bot username: pass getMe's username without "@"`);
  if (payload === undefined || payload === '') return `https://t.me/${botUsername}`;
  if (!START_PAYLOAD.test(payload)) throw new Error(`Deep-link payload "${payload}" is invalid: use 1–64 characters of A-Z a-z 0-9 _ -`);
  return `https://t.me/${botUsername}?start=${payload}`;
}
