import { plain, type ModuleApi, type TurnContext } from '../../core/internal.js';

/**
 * `/aiuto` lists every enabled module's commands; `/menu` shows the main menu.
 *
 * @example
 * registerHelp(api);
 */
export function registerHelp(api: ModuleApi<TurnContext>): void {
  api.command(['aiuto', 'help'], (ctx) => {
    showHelp(ctx);
    return showMenu(ctx);
  }, { descriptionKey: 'base.cmd.help' });
  api.command(['menu'], (ctx) => showMenu(ctx), { descriptionKey: 'base.cmd.menu' });
  api.button('base:menu', (ctx) => showMenu(ctx));
  api.menu({ id: 'base.help', labelKey: 'base.menu.help', payload: 'base:help', order: 80 });
  api.button('base:help', (ctx) => showHelp(ctx));
}

function showHelp(ctx: TurnContext): void {
  const commands = ctx.commands().map((c) => `/${c.name} — ${ctx.t(c.descriptionKey)}`).join('\n');
  ctx.reply({ text: ctx.text('base.help', { commands }) });
}

async function showMenu(ctx: TurnContext): Promise<void> {
  ctx.reply({ text: plain(ctx.t('base.menu_title')), choices: await ctx.menuChoices() });
}
