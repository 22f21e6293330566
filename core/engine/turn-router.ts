import { joinText } from '../channel/formatted-text.js';
import type { ModuleRegistry } from '../module/module-registry.js';
import { compose, type Middleware } from './middleware.js';
import type { TurnContext } from './turn-context.js';

/**
 * Routes one turn through the modules, in this order:
 * intercepts (handoff) → a command (leaves any dialog) → the active dialog's step → buttons →
 * modules' `use` → free text (Q&A) → a friendly fallback with the menu.
 * Each stage passes the turn on by calling `next`.
 *
 * @example
 * await routeTurn(ctx, registry);
 */
export async function routeTurn(ctx: TurnContext, modules: ModuleRegistry): Promise<void> {
  const pipeline = compose<TurnContext>([
    ...modules.intercepts,
    commandStage(modules),
    dialogStage(modules),
    buttonStage(modules),
    ...modules.main,
    (c, next) => (c.message.kind === 'text' ? compose(modules.freeText)(c, next) : next()),
  ]);
  await pipeline(ctx, () => fallback(ctx));
}

function commandStage(modules: ModuleRegistry): Middleware<TurnContext> {
  return async (ctx, next) => {
    if (ctx.message.kind !== 'command') return next();
    const command = modules.commands.get(ctx.message.command);
    if (!command || !ctx.tenant.enabledModules.includes(command.module)) {
      ctx.reply({ text: ctx.text('core.unknown_command', { command: ctx.message.command }) });
      return;
    }
    ctx.dialog.end();
    return command.handler(ctx, next);
  };
}

function dialogStage(modules: ModuleRegistry): Middleware<TurnContext> {
  return async (ctx, next) => {
    const active = ctx.dialog.active;
    if (!active) return next();
    const dialog = modules.dialogs.get(active.id);
    const step = dialog?.steps[active.step];
    if (!dialog || !step || !ctx.tenant.enabledModules.includes(dialog.module)) {
      // The module was disabled or the dialog changed shape since: forget it rather than get stuck.
      ctx.dialog.end();
      return next();
    }
    return step(ctx, next);
  };
}

function buttonStage(modules: ModuleRegistry): Middleware<TurnContext> {
  return async (ctx, next) => {
    if (ctx.message.kind !== 'button') return next();
    const payload = ctx.message.payload;
    const match = modules.buttons
      .filter((b) => payload === b.prefix || payload.startsWith(`${b.prefix}:`))
      .sort((a, b) => b.prefix.length - a.prefix.length)[0];
    if (!match) return next();
    return match.handler(ctx, next);
  };
}

/** `UnsupportedInbound.what` of a file the channel will not let the bot download because of its size. */
export const FILE_TOO_BIG = 'file-too-big';

/** Nothing claimed the message: a friendly answer and the menu, never silence. */
async function fallback(ctx: TurnContext): Promise<void> {
  const key = (() => {
    switch (ctx.message.kind) {
      case 'button': return 'core.unknown_button';
      case 'text': return 'core.not_understood';
      // The channel refused the file for its size (its declared inbound limit): say so, not "unsupported".
      case 'unsupported': return ctx.message.what === FILE_TOO_BIG ? 'core.file_too_big' : 'core.unsupported';
      default: return 'core.unsupported';
    }
  })();
  const max = Math.round((ctx.capabilities.inboundMedia.document?.maxBytes ?? 20 * 1024 * 1024) / (1024 * 1024));
  const choices = await ctx.menuChoices();
  ctx.reply({ text: joinText([ctx.text(key, { max })]), ...(choices.length > 0 ? { choices } : {}) });
}
