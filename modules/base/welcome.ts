import { Category, joinText, type FormattedText, type TurnContext } from '../../core/internal.js';
import { showCategories } from './categories.js';
import { languageChoices } from './language.js';
import type { StartPayload } from './deep-link.js';
import { categoryLabel, subscribe } from './subscriptions.js';

/**
 * The welcome naming the comune and the short privacy notice, with the effect of the link the person
 * came from (a category payload subscribes straight to it). Returns the category ids subscribed in this
 * turn, for the category choice that follows.
 *
 * @example
 * const pending = await sendWelcome(ctx, { kind: 'category', key: 'eventi' });
 * await showCategories(ctx, undefined, pending);
 */
export async function sendWelcome(ctx: TurnContext, payload: StartPayload): Promise<number[]> {
  const comune = ctx.tenant.name;
  const parts: FormattedText[] = [ctx.text('base.welcome', { comune }), ctx.text('base.privacy', { comune })];
  const pending: number[] = [];
  if (payload.kind === 'category') {
    const category = await ctx.em.findOne(Category, { key: payload.key, active: true });
    if (category) {
      await subscribe(ctx, category);
      pending.push(category.id);
      parts.push(ctx.text('base.deep_link_subscribed', { category: categoryLabel(category, ctx.locale) }));
    } else {
      parts.push(ctx.text('base.deep_link_invalid'));
    }
  } else if (payload.kind === 'invalid') {
    parts.push(ctx.text('base.deep_link_invalid'));
  }
  // A comune speaking several languages lets the person pick theirs right away.
  const languages = languageChoices(ctx);
  if (languages.length > 0) parts.push(ctx.text('base.choose_language'));
  ctx.reply({ text: joinText(parts), ...(languages.length > 0 ? { choices: languages } : {}) });
  return pending;
}

/** The whole first contact: welcome, privacy notice, then the category choice. */
export async function welcomeAndChoose(ctx: TurnContext, payload: StartPayload): Promise<void> {
  const pending = await sendWelcome(ctx, payload);
  await showCategories(ctx, undefined, pending);
}
