import { Category, joinText, type FormattedText, type ModuleApi, type TurnContext } from '../../core/internal.js';
import { activeCategories, categoryChoices, categoryLabel, subscribedCategoryIds, toggleSubscription } from './subscriptions.js';

/**
 * The category menu: toggles edited in place, confirmed one by one, summarised on "done".
 *
 * @example
 * registerCategories(api);
 * await showCategories(ctx);
 */
export function registerCategories(api: ModuleApi<TurnContext>): void {
  api.command(['categorie', 'categories'], (ctx) => showCategories(ctx), { descriptionKey: 'base.cmd.categories' });
  api.menu({ id: 'base.categories', labelKey: 'base.menu.categories', payload: 'base:categories', order: 10 });
  api.button('base:categories', (ctx) => showCategories(ctx));

  api.button('base:toggle', async (ctx) => {
    const id = Number(ctx.message.payload.split(':')[2]);
    const category = Number.isInteger(id) ? await ctx.em.findOne(Category, { id, active: true }) : null;
    if (!category) return showCategories(ctx, ctx.text('base.category_unknown'));
    const chosen = await subscribedCategoryIds(ctx);
    const nowSubscribed = await toggleSubscription(ctx, category);
    if (nowSubscribed) chosen.add(category.id);
    else chosen.delete(category.id);
    const confirmation = ctx.text(nowSubscribed ? 'base.subscribed_to' : 'base.unsubscribed_from', { category: categoryLabel(category, ctx.locale) });
    const categories = await activeCategories(ctx);
    ctx.reply({
      text: joinText([confirmation, ctx.text('base.choose_categories')]),
      choices: categoryChoices(ctx, categories, chosen),
      ...(ctx.message.messageId ? { replaceMessageId: ctx.message.messageId } : {}),
    });
  });

  api.button('base:done', async (ctx) => {
    ctx.reply({ text: await subscriptionSummary(ctx), choices: await ctx.menuChoices() });
  });
}

/**
 * Sends the category toggles, optionally after an intro text. `pending` are subscriptions made in this
 * turn: they are committed with the turn, so a query does not see them yet.
 */
export async function showCategories(ctx: TurnContext, intro?: FormattedText, pending: readonly number[] = []): Promise<void> {
  const [categories, chosen] = await Promise.all([activeCategories(ctx), subscribedCategoryIds(ctx)]);
  for (const id of pending) chosen.add(id);
  ctx.reply({ text: joinText([intro ?? [], ctx.text('base.choose_categories')]), choices: categoryChoices(ctx, categories, chosen) });
}

/** "You are subscribed to: …" or "no subscriptions". */
export async function subscriptionSummary(ctx: TurnContext): Promise<FormattedText> {
  const [categories, chosen] = await Promise.all([activeCategories(ctx), subscribedCategoryIds(ctx)]);
  const names = categories.filter((c) => chosen.has(c.id)).map((c) => categoryLabel(c, ctx.locale));
  return names.length === 0 ? ctx.text('base.no_subscriptions') : ctx.text('base.current_subscriptions', { list: names.join(', ') });
}
