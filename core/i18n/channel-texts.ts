import type { ChannelTexts } from '../channel/send-context.js';
import { coreTexts } from './core-texts.js';
import { Translator } from './translator.js';

/**
 * The channel's own words (list button, numbered-choice hint, choice prompt) in `locale`, with the
 * tenant's overrides: what the engine and the messenger pass to `adapter.send` in `SendContext.texts`.
 *
 * @example
 * channelTexts(translator, 'en', tenant.texts).numberedHint; // 'Reply with the number of your choice.'
 */
export function channelTexts(translator: Translator, locale: string, overrides?: Parameters<Translator['t']>[3]): ChannelTexts {
  return {
    listButton: translator.t(locale, 'channel.list_button', {}, overrides),
    numberedHint: translator.t(locale, 'channel.numbered_hint', {}, overrides),
    choicePrompt: translator.t(locale, 'channel.choice_prompt', {}, overrides),
  };
}

/**
 * The channel words of core's own catalog, for an adapter sending without a caller's texts (Italian,
 * the bot's first language, unless told otherwise).
 *
 * @example
 * const fallback = defaultChannelTexts(); // { listButton: 'Scegli', … }
 */
export function defaultChannelTexts(locale = 'it'): ChannelTexts {
  return channelTexts(new Translator([coreTexts]), locale);
}
