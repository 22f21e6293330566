import { joinLinksOf, type Campanile, type Category } from '../../core/internal.js';
import { hasPublicText, publicText, type PublicLocale } from './public-texts.js';

/** One way to reach the comune, as the join page and the posters show it. */
export interface ChannelJoin {
  readonly channel: string;
  readonly account: string;
  /** The channel's name for people ("Telegram", "Chat sul sito"). */
  readonly title: string;
  readonly url: string;
  readonly handle?: string;
}

/**
 * The join links of every channel attached for this comune (bound to it or serving every comune)
 * whose adapter gives one (`ChannelAdapter.joinLink`), optionally bound to a category: Telegram and the
 * web chat carry the payload `cat_<key>`, WhatsApp a prefilled "Ciao! … #<key>" that the base module
 * recognises at first contact.
 *
 * @example
 * const links = joinLinks(campanile, 'esempio', 'https://campanile.example.it', 'it', eventi);
 */
export function joinLinks(campanile: Campanile, tenant: string, origin: string, locale: PublicLocale, category?: Category): ChannelJoin[] {
  const greeting = publicText(locale, 'join.whatsapp_text');
  const request = {
    tenant, origin,
    ...(category ? { payload: `cat_${category.key}`, text: `${greeting} #${category.key}` } : { text: greeting }),
  };
  return joinLinksOf(campanile.adapters.bindings(), request).map((link) => {
    const factory = campanile.channels.find((f) => f.channel === link.channel);
    const title = hasPublicText(`join.channel.${link.channel}`) ? publicText(locale, `join.channel.${link.channel}`) : factory?.title ?? link.channel;
    return { ...link, title };
  });
}
