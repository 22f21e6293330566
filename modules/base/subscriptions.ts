import { Category, Subscription, type ChoiceButton, type Person, type TurnContext } from '../../core/internal.js';

/**
 * Subscriptions of one person, read and changed through the turn's entity manager (committed with the
 * turn).
 *
 * @example
 * const chosen = await subscribedCategoryIds(ctx);
 * await toggleSubscription(ctx, category); // true when now subscribed
 */
export async function activeCategories(ctx: TurnContext): Promise<Category[]> {
  return ctx.em.find(Category, { active: true }, { orderBy: { position: 'asc', id: 'asc' } });
}

export async function subscribedCategoryIds(ctx: TurnContext): Promise<Set<number>> {
  if (ctx.isNewPerson) return new Set();
  const rows = await ctx.em.find(Subscription, { person: ctx.person.id });
  return new Set(rows.map((row) => (typeof row.category === 'number' ? row.category : row.category.id)));
}

/** Subscribes if not subscribed, else unsubscribes. Returns whether the person is now subscribed. */
export async function toggleSubscription(ctx: TurnContext, category: Category): Promise<boolean> {
  const existing = ctx.isNewPerson ? null : await ctx.em.findOne(Subscription, { person: ctx.person.id, category: category.id });
  if (existing) {
    ctx.em.remove(existing);
    return false;
  }
  ctx.em.create(Subscription, { tenant: ctx.tenant.id, person: ctx.person, category });
  return true;
}

/** Subscribes (idempotent). */
export async function subscribe(ctx: TurnContext, category: Category): Promise<void> {
  const chosen = await subscribedCategoryIds(ctx);
  if (!chosen.has(category.id)) ctx.em.create(Subscription, { tenant: ctx.tenant.id, person: ctx.person, category });
}

/** Removes every subscription of the person. */
export async function unsubscribeAll(ctx: TurnContext, person: Person): Promise<void> {
  if (ctx.isNewPerson) return;
  const rows = await ctx.em.find(Subscription, { person: person.id });
  for (const row of rows) ctx.em.remove(row);
}

/** The category's label in the person's language. */
export function categoryLabel(category: Category, locale: string): string {
  return category.labels[locale] ?? category.labels.it ?? Object.values(category.labels)[0] ?? category.key;
}

/** Toggle buttons for every active category, plus "done". */
export function categoryChoices(ctx: TurnContext, categories: readonly Category[], chosen: ReadonlySet<number>): ChoiceButton[] {
  return [
    ...categories.map((category) => ({ label: categoryLabel(category, ctx.locale), payload: `base:toggle:${category.id}`, selected: chosen.has(category.id) })),
    { label: ctx.t('base.categories_done'), payload: 'base:done' },
  ];
}
