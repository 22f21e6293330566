/** The deep-link payload rule, the same as Telegram's `start`: 1–64 characters of `A-Z a-z 0-9 _ -`. */
export const START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

/** The Get Started button's postback payload this adapter expects (set it so in the page's profile). */
export const GET_STARTED_PAYLOAD = 'GET_STARTED';

/**
 * The `m.me` link that opens the page's conversation, optionally with a `ref` payload that arrives as
 * `/start <payload>` (e.g. the base module's `cat_<key>`). Throws, naming the rule, on a bad payload.
 *
 * @example
 * messengerLink('ComuneEsempio'); // 'https://m.me/ComuneEsempio'
 * messengerLink('ComuneEsempio', 'cat_eventi'); // 'https://m.me/ComuneEsempio?ref=cat_eventi'
 */
export function messengerLink(page: string, payload?: string): string {
  if (!/^[A-Za-z0-9.]{2,100}$/.test(page)) throw new Error(`"${page}" is not a page username or id: use the page's @username without "@", or its numeric id`);
  if (payload === undefined || payload === '') return `https://m.me/${page}`;
  if (!START_PAYLOAD.test(payload)) throw new Error(`Deep-link payload "${payload}" is invalid: use 1–64 characters of A-Z a-z 0-9 _ -`);
  return `https://m.me/${page}?ref=${payload}`;
}

/** A `ref` as a `/start` argument: kept when it follows the rule, else dropped (a plain `/start`). */
export function startArgument(ref: string | undefined): string {
  return ref !== undefined && START_PAYLOAD.test(ref) ? ref : '';
}
