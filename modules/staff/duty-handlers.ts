/**
 * The staff side's own entries: the on-duty toggle (menu entry, `/servizio`, button `staff:duty`).
 * A citizen gets exactly what an unknown command or button gets.
 */
import type { ModuleApi, TurnContext } from '../../core/internal.js';
import { StaffMember } from './entities/index.js';
import { unknownCommand, type StaffFlavor } from './staff-flavor.js';

export function registerDuty(api: ModuleApi<TurnContext & StaffFlavor>): void {
  const toggle = async (ctx: TurnContext & StaffFlavor, member: StaffMember): Promise<void> => {
    member.onDuty = !member.onDuty;
    ctx.reply({ text: ctx.text(member.onDuty ? 'staff.duty_on' : 'staff.duty_off'), choices: await ctx.menuChoices() });
  };
  api.command(['servizio', 'turno'], async (ctx) => (ctx.staff ? toggle(ctx, ctx.staff) : unknownCommand(ctx)), { hidden: true });
  api.button('staff:duty', async (ctx, next) => (ctx.staff ? toggle(ctx, ctx.staff) : next()));
  api.menu({ id: 'staff.duty', labelKey: 'staff.menu_duty', payload: 'staff:duty', order: 20, visible: (ctx) => ctx.staff !== null });
}
