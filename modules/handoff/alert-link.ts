/**
 * An operator links their own Telegram chat for alerts: the deep link from the admin UI opens the bot
 * with `/start hop_<token>`; the bot says whether the chat is now linked.
 */
import type { ModuleApi, ModuleServices, TurnContext } from '../../core/internal.js';
import { ALERT_LINK_PREFIX, acceptAlertLink } from './service/operator-alerts.js';

/**
 * @example
 * registerAlertLink(api, { services: api.services, now: () => new Date() });
 */
export function registerAlertLink(api: ModuleApi<TurnContext>, deps: { readonly services: ModuleServices; readonly now: () => Date }): void {
  // Before commands: `/start` belongs to the base module, the `hop_` payload to this one.
  api.intercept(async (ctx, next) => {
    const message = ctx.message;
    if (message.kind !== 'command' || !['start', 'inizia'].includes(message.command) || !message.argument.startsWith(ALERT_LINK_PREFIX)) return next();
    const em = deps.services.tenants.scopedEm(ctx.tenant.id);
    const outcome = await acceptAlertLink(em, ctx.identity, message.argument.slice(ALERT_LINK_PREFIX.length), deps.now());
    ctx.reply({ text: ctx.text(`handoff.alert_link_${outcome.replace('-', '_')}`, { comune: ctx.tenant.name }) });
  });
}
