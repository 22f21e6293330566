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
