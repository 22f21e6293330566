import type { ModuleApi, TurnContext } from '../../core/internal.js';
import { unsubscribeAll } from './subscriptions.js';

/** A confirmation is valid this long after `/cancella`. */
export const ERASE_CONFIRMATION_MS = 15 * 60 * 1000;

/**
 * `/stop` (no more notices) and `/cancella` (erase the person after a confirmation).
 *
 * @example
 * registerErasure(api); // "/cancella" → "base:erase:yes" → every row of the person gone
 */
export function registerErasure(api: ModuleApi<TurnContext>): void {
  api.command(['stop'], async (ctx) => {
    await unsubscribeAll(ctx, ctx.person);
    ctx.reply({ text: ctx.text('base.stopped') });
  }, { descriptionKey: 'base.cmd.stop' });

  api.command(['cancella', 'delete', 'cancellami'], (ctx) => askErasure(ctx), { descriptionKey: 'base.cmd.erase' });
  api.menu({ id: 'base.erase', labelKey: 'base.menu.erase', payload: 'base:erase', order: 90 });
  api.button('base:erase', async (ctx) => {
    const answer = ctx.message.payload.split(':')[2];
    const data = ctx.moduleData('base');
    const requestedAt = typeof data.eraseRequestedAt === 'number' ? data.eraseRequestedAt : undefined;
    delete data.eraseRequestedAt;
    if (answer === undefined) return askErasure(ctx);
    if (answer === 'no') return ctx.reply({ text: ctx.text('base.erase_cancelled') });
    if (answer !== 'yes' || requestedAt === undefined || Date.now() - requestedAt > ERASE_CONFIRMATION_MS) {
      return ctx.reply({ text: ctx.text('base.erase_expired') });
    }
    ctx.erasePerson();
    ctx.reply({ text: ctx.text('base.erase_done') });
  });
}

function askErasure(ctx: TurnContext): void {
  ctx.moduleData('base').eraseRequestedAt = Date.now();
  ctx.reply({
    text: ctx.text('base.erase_confirm'),
    choices: [
      { label: ctx.t('base.erase_yes'), payload: 'base:erase:yes' },
      { label: ctx.t('base.erase_no'), payload: 'base:erase:no' },
    ],
  });
}
