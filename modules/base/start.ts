import type { ModuleApi, TurnContext } from '../../core/internal.js';
import { parseStartPayload } from './deep-link.js';
import { welcomeAndChoose } from './welcome.js';

/**
 * `/start [payload]`: the welcome naming the comune, the short privacy notice, the deep link's effect
 * (subscribe straight to a category), then the category choice.
 *
 * @example
 * registerStart(api); // the person sends "/start cat_eventi"
 */
export function registerStart(api: ModuleApi<TurnContext>): void {
  api.command(['start', 'inizia'], (ctx) => welcomeAndChoose(ctx, parseStartPayload(ctx.message.argument)), { descriptionKey: 'base.cmd.start' });
}
