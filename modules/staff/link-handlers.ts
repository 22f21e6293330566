/**
 * Linking a chat to a staff member in the bot: `/start inv_<token>` (the deep link) or the code typed
 * as a message (`ABCD-EF23`, for WhatsApp). The bot confirms who they are, or says why it refused.
 */
import { joinText, type ModuleApi, type TurnContext } from '../../core/internal.js';
import { acceptInvitation, type AcceptOutcome } from './service/invitation-service.js';
import { tokenOfStartArgument } from './service/invitation-token.js';
import { groupsOf } from './service/registry-service.js';
import type { StaffFlavor } from './staff-flavor.js';

const CODE_MESSAGE = /^\s*([A-Za-z2-9]{4})-([A-Za-z2-9]{4})\s*$/;

/**
 * @example
 * registerLinking(api.flavor(installStaffFlavor));
 */
export function registerLinking(api: ModuleApi<TurnContext & StaffFlavor>): void {
  // Before commands: `/start` belongs to the base module, the `inv_` payload to this one.
  api.intercept(async (ctx, next) => {
    if (ctx.message.kind !== 'command' || !['start', 'inizia'].includes(ctx.message.command)) return next();
    const argument = ctx.message.argument;
    if (!argument.startsWith('inv_')) return next();
    const token = tokenOfStartArgument(argument);
    ctx.dialog.end();
    await answer(ctx, token ? await acceptInvitation(ctx.em, ctx.tenant.id, ctx.identity, { token }) : { kind: 'refused', reason: 'unknown' });
  });
  api.use(async (ctx, next) => {
    if (ctx.message.kind !== 'text') return next();
    const match = CODE_MESSAGE.exec(ctx.message.text);
    if (!match) return next();
    await answer(ctx, await acceptInvitation(ctx.em, ctx.tenant.id, ctx.identity, { code: `${match[1]}-${match[2]}`.toUpperCase() }));
  });
}

async function answer(ctx: TurnContext & StaffFlavor, outcome: AcceptOutcome): Promise<void> {
  if (outcome.kind === 'refused') {
    ctx.reply({ text: ctx.text(`staff.invite_${outcome.reason}`, { comune: ctx.tenant.name }) });
    return;
  }
  const { member } = outcome;
  ctx.staff = member;
  const groups = (await groupsOf(ctx.em, [member.id])).get(member.id) ?? [];
  const choices = await ctx.menuChoices();
  ctx.reply({
    text: joinText([
      ctx.text('staff.linked', { name: member.name, comune: ctx.tenant.name }),
      ctx.text('staff.linked_details', { role: member.role || '—', groups: groups.map((g) => g.name).join(', ') || '—' }),
    ]),
    ...(choices.length ? { choices } : {}),
  });
}
