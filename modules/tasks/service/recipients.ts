import type { SqlEntityManager } from '@mikro-orm/knex';
import { StaffGroup, StaffLink, StaffMember, StaffMembership } from '../../staff/index.js';

/** One chat to notify. */
export interface Recipient {
  readonly memberId: number;
  readonly identityId: number;
}

/**
 * The linked chats of the active members of `groupIds`. In a group with on-duty mode only members on
 * duty are notified, or the whole group when nobody is on duty.
 */
export async function recipientsOf(em: SqlEntityManager, groupIds: readonly number[]): Promise<Recipient[]> {
  const groups = await em.find(StaffGroup, { id: { $in: [...groupIds] } });
  const memberIds = new Set<number>();
  for (const group of groups) {
    const members = (await em.find(StaffMembership, { group: group.id }, { populate: ['member'] })).map((m) => m.member).filter((m: StaffMember) => m.active);
    const onDuty = members.filter((m) => m.onDuty);
    for (const m of group.onDutyMode && onDuty.length > 0 ? onDuty : members) memberIds.add(m.id);
  }
  if (memberIds.size === 0) return [];
  const links = await em.find(StaffLink, { member: { $in: [...memberIds] } }, { orderBy: { id: 'asc' } });
  return links.map((l) => ({ memberId: l.member.id, identityId: l.identity.id }));
}
