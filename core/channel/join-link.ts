import type { ChannelAdapter } from './channel-adapter.js';

/**
 * What a join page asks a channel adapter for: the link that opens a conversation with the comune on
 * that channel, optionally bound to a category.
 *
 * @example
 * adapter.joinLink?.({ tenant: 'esempio', origin: 'https://campanile.example.it', payload: 'cat_eventi', text: 'Ciao! #eventi' });
 * // Telegram: { url: 'https://t.me/ComuneEsempioBot?start=cat_eventi', handle: '@ComuneEsempioBot' }
 */
export interface JoinRequest {
  readonly tenant: string;
  /** The deployment's public address (`PUBLIC_URL`), for channels served by Campanile itself (web chat). */
  readonly origin: string;
  /** A start payload (`cat_<key>`) for channels with deep links (Telegram `?start=`, the web chat). */
  readonly payload?: string;
  /** A prefilled first message for channels without payloads (WhatsApp `wa.me/…?text=`), carrying the keyword. */
  readonly text?: string;
}

export interface JoinLink {
  readonly url: string;
  /** What people can search for instead of scanning (`@ComuneEsempioBot`, `+39 333 123 4567`). */
  readonly handle?: string;
}

/** One channel account's join link, as modules get it (`api.services.joinLinks`). */
export interface ChannelJoinLink extends JoinLink {
  readonly channel: string;
  readonly account: string;
}

/**
 * The join links of every adapter serving `request.tenant` (bound to it or to every comune) that gives
 * one, one per channel account, sorted: what the public join page and a staff invitation show.
 *
 * @example
 * joinLinksOf(adapters.bindings(), { tenant: 'esempio', origin, payload: 'inv_…', text: 'ABCD-EF23' });
 */
export function joinLinksOf(bindings: readonly { adapter: ChannelAdapter; tenant?: string }[], request: JoinRequest): ChannelJoinLink[] {
  const links = new Map<string, ChannelJoinLink>();
  for (const { adapter, tenant } of bindings) {
    if (tenant !== undefined && tenant !== request.tenant) continue;
    const key = `${adapter.channel}/${adapter.account}`;
    const link = links.has(key) ? undefined : adapter.joinLink?.(request);
    if (link) links.set(key, { channel: adapter.channel, account: adapter.account, url: link.url, ...(link.handle ? { handle: link.handle } : {}) });
  }
  return [...links.values()].sort((a, b) => a.channel.localeCompare(b.channel) || a.account.localeCompare(b.account));
}
