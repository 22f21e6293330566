import type { ChoiceButton, ModuleApi, TurnContext } from '../../core/internal.js';
import { showCategories } from './categories.js';

/** Each language in its own name: a person who does not read the current one still finds theirs. */
const LANGUAGE_NAMES: Readonly<Record<string, string>> = { it: 'Italiano', de: 'Deutsch', en: 'English', lld: 'Ladin', fr: 'Français', sl: 'Slovenščina' };

/**
 * The person's language, among the comune's (`tenant.locales`, e.g. `it,de` in Alto Adige / Südtirol):
 * offered with the welcome when the comune speaks more than one, changed any time with `/lingua`.
 *
 * @example
 * registerLanguage(api); // "/lingua" → [Italiano] [Deutsch] → "base:lang:de"
 */
export function registerLanguage(api: ModuleApi<TurnContext>): void {
  api.command(['lingua', 'language', 'sprache'], (ctx) => {
    ctx.reply({ text: ctx.text('base.choose_language'), choices: languageChoices(ctx) });
  }, { descriptionKey: 'base.cmd.language' });
  api.menu({ id: 'base.language', labelKey: 'base.menu.language', payload: 'base:lang', order: 80, visible: (ctx) => ctx.tenant.locales.length > 1 });
  api.button('base:lang', async (ctx) => {
    const code = ctx.message.payload.split(':')[2];
    if (!code || !ctx.tenant.locales.includes(code)) {
      ctx.reply({ text: ctx.text('base.choose_language'), choices: languageChoices(ctx) });
      return;
    }
    ctx.person.locale = code;
    // From here on `ctx.text` speaks the new language: the category choice follows in it.
    await showCategories(ctx, ctx.text('base.language_set'));
  });
}

/** The comune's languages as buttons, the person's own marked; none when the comune speaks one. */
export function languageChoices(ctx: TurnContext): ChoiceButton[] {
  if (ctx.tenant.locales.length < 2) return [];
  return ctx.tenant.locales.map((code) => ({ label: LANGUAGE_NAMES[code] ?? code, payload: `base:lang:${code}`, selected: code === ctx.locale }));
}
