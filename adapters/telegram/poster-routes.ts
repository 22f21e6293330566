import type { HttpRoute } from '../../core/index.js';
import { deepLink, START_PAYLOAD } from './deep-link.js';
import { posterHtml, posterSvg } from './poster.js';
import { qrPng, qrSvg } from './qr.js';

/** Who the posters are for; undefined until the bot has started (getMe gave its username). */
export type PosterBot = () => { readonly username: string; readonly comune: string } | undefined;

type Query = Readonly<Record<string, string | undefined>>;

/**
 * GET routes for notice boards: the deep-link QR code as PNG or SVG and the A4 poster (HTML or SVG).
 * `?start=<payload>` (e.g. `cat_eventi`) links to a category; `?label=` prints its name on the poster.
 * The admin API may later mount them behind its auth; they read nothing but the bot's username.
 *
 * @example
 * const routes = posterRoutes('esempio', () => ({ username: 'ComuneEsempioBot', comune: 'Comune di Esempio' }));
 * // GET /qr/telegram/esempio.png, /qr/telegram/esempio.svg, /poster/telegram/esempio, /poster/telegram/esempio.svg
 */
export function posterRoutes(base: string, bot: PosterBot): HttpRoute[] {
  const prepare = (query: Query) => {
    const who = bot();
    if (!who) return { error: { status: 503, body: { error: 'the bot has not started yet (getMe)' } } } as const;
    const payload = query.start;
    if (payload !== undefined && payload !== '' && !START_PAYLOAD.test(payload)) {
      return { error: { status: 400, body: { error: 'start must be 1–64 characters of A-Z a-z 0-9 _ -' } } } as const;
    }
    return { url: deepLink(who.username, payload), username: who.username, comune: who.comune } as const;
  };
  const poster = (query: Query, url: string, username: string, comune: string) => ({
    comune,
    url,
    botUsername: username,
    ...(query.label ? { category: query.label.slice(0, 60) } : {}),
  });
  const route = (path: string, render: (url: string, username: string, query: Query, comune: string) => Promise<{ type: string; body: string | Uint8Array }>): HttpRoute => ({
    method: 'GET',
    path,
    async handle(request) {
      const prepared = prepare(request.query);
      if ('error' in prepared) return { response: prepared.error!, events: [] };
      const { type, body } = await render(prepared.url, prepared.username, request.query, prepared.comune);
      return { response: { status: 200, body, headers: { 'content-type': type, 'cache-control': 'public, max-age=300' } }, events: [] };
    },
  });
  return [
    route(`/qr/telegram/${base}.png`, async (url) => ({ type: 'image/png', body: await qrPng(url) })),
    route(`/qr/telegram/${base}.svg`, async (url) => ({ type: 'image/svg+xml', body: await qrSvg(url) })),
    route(`/poster/telegram/${base}`, async (url, username, query, comune) => ({ type: 'text/html; charset=utf-8', body: posterHtml(poster(query, url, username, comune)) })),
    route(`/poster/telegram/${base}.svg`, async (url, username, query, comune) => ({ type: 'image/svg+xml', body: posterSvg(poster(query, url, username, comune)) })),
  ];
}
