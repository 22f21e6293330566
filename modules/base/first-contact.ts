import { Category, type ModuleApi, type TurnContext } from '../../core/internal.js';
import { showCategories } from './categories.js';
import { categoryLabel, subscribe } from './subscriptions.js';
import { sendWelcome, welcomeAndChoose } from './welcome.js';

/** The commands that run the welcome themselves. */
const START_COMMANDS: readonly string[] = ['start', 'inizia'];

/** `cat_<key>` (as in Telegram payloads) or `#<key>` anywhere in a text: the prefilled text of a join link. */
const KEYWORD = /(?:^|[\s(])(?:cat_|#)([a-z0-9-]{1,32})(?=$|[\s.,;:!?)])/giu;


/**
 * First contact on every channel. Nobody types `/start` on WhatsApp or the web chat: a person's first
 * message of any kind ("Ciao", a photo, a stale button) starts the welcome, the privacy notice and the
 * category choice. A first message that says more than hello (a question, a command, a photo) is
 * handled as usual after the welcome: the question is answered, `/aiuto` helps. A text carrying a join link's keyword (`wa.me/<number>?text=Ciao%20%23eventi`) subscribes to
 * that category, for a new person and for one who scans a second poster.
 *
 * @example
 * registerFirstContact(api); // WhatsApp "Ciao #eventi" from a new number → welcome, Eventi selected
 */
export function registerFirstContact(api: ModuleApi<TurnContext>): void {
  api.intercept(async (ctx, next) => {
    const message = ctx.message;
    if (message.kind === 'command' && START_COMMANDS.includes(message.command)) return next();
    const category = message.kind === 'text' ? await keywordCategory(ctx, message.text) : undefined;
    if (category) {
      if (ctx.isNewPerson) return welcomeAndChoose(ctx, { kind: 'category', key: category.key });
      await subscribe(ctx, category);
      return showCategories(ctx, ctx.text('base.deep_link_subscribed', { category: categoryLabel(category, ctx.locale) }), [category.id]);
    }
    if (!ctx.isNewPerson) return next();
    // A greeting says nothing more: the welcome is the whole answer.
    if (message.kind === 'text' && isGreeting(message.text, ctx.t('base.greeting_words'))) return welcomeAndChoose(ctx, { kind: 'none' });
    // A question ("orari anagrafe"), a command, a button, a photo…: welcomed, then handled as usual; the
    // category choice follows a text or a photo (a command or a button answers by itself).
    await sendWelcome(ctx, { kind: 'none' });
    await next();
    if (message.kind !== 'command' && message.kind !== 'button') await showCategories(ctx);
  });
}

/** The active category named by a keyword in the text, if any (unknown keywords are ordinary text). */
async function keywordCategory(ctx: TurnContext, text: string): Promise<Category | undefined> {
  const keys = [...text.toLowerCase().matchAll(KEYWORD)].map((m) => m[1]!);
  if (keys.length === 0) return undefined;
  const found = await ctx.em.find(Category, { key: { $in: keys }, active: true });
  return keys.map((key) => found.find((c) => c.key === key)).find((c) => c !== undefined);
}

/** Only greeting words (the locale's `base.greeting_words`), whatever the case, accents, punctuation or emoji. */
function isGreeting(text: string, greetingWords: string): boolean {
  const known = new Set(greetingWords.toLowerCase().split(/\s+/u).filter(Boolean));
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return words.length > 0 && words.every((word) => known.has(word));
}
