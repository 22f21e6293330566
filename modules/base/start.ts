import { Category, joinText, type FormattedText, type ModuleApi, type TurnContext } from '../../core/internal.js';
import { showCategories } from './categories.js';
import { parseStartPayload } from './deep-link.js';
import { categoryLabel, subscribe } from './subscriptions.js';

/**
 * `/start [payload]`: the welcome naming the comune, the short privacy notice, the deep link's effect
 * (subscribe straight to a category), then the category choice.
 *
 * @example
 * registerStart(api); // the person sends "/start cat_eventi"
 */
export function registerStart(api: ModuleApi<TurnContext>): void {
  api.command(['start', 'inizia'], async (ctx) => {
    const comune = ctx.tenant.name;
    const parts: FormattedText[] = [ctx.text('base.welcome', { comune }), ctx.text('base.privacy', { comune })];
    const payload = parseStartPayload(ctx.message.argument);
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
    ctx.reply({ text: joinText(parts) });
    await showCategories(ctx, undefined, pending);
  }, { descriptionKey: 'base.cmd.start' });
}
