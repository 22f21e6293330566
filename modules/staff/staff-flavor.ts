import type { TurnContext } from '../../core/internal.js';
import { StaffLink, type StaffMember } from './entities/index.js';

/**
 * What staff handlers see: the linked, active staff member this chat is, or null for a citizen.
 * Read from the database every turn, so unlinking or deactivating a member ends access at once.
 */
export interface StaffFlavor {
  /** Set by the staff module when an invitation is accepted in this very turn. */
  staff: StaffMember | null;
}

/**
 * The one install function for the flavor: the staff and tasks modules pass this same function to
 * `api.flavor`, so it runs once per turn whichever module's handler runs first.
 *
 * @example
 * const staffApi = api.flavor(installStaffFlavor);
 * staffApi.command('servizio', (ctx) => ctx.staff ? toggle(ctx) : notUnderstood(ctx));
 */
export async function installStaffFlavor(ctx: TurnContext): Promise<StaffFlavor> {
  const link = await ctx.em.findOne(StaffLink, { identity: ctx.identity.id }, { populate: ['member'] });
  return { staff: link && link.member.active ? link.member : null };
}

/**
 * The citizen's ordinary answer to a command they may not use: exactly what an unknown command gets,
 * so a staff command reveals nothing to a citizen.
 */
export function unknownCommand(ctx: TurnContext & { message: { command: string } }): void {
  ctx.reply({ text: ctx.text('core.unknown_command', { command: ctx.message.command }) });
}
