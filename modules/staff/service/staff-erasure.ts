import type { SqlEntityManager } from '@mikro-orm/knex';
import { StaffMember } from '../entities/index.js';
import { findMember } from './registry-service.js';

/**
 * Erases a staff member (personal data): the record, and through the foreign keys their chat links,
 * invitations and group memberships. Tasks keep their history with the actor shown as "ex membro"
 * (their references are set to null).
 */
export async function eraseStaffMember(em: SqlEntityManager, id: number): Promise<void> {
  await findMember(em, id);
  await em.nativeDelete(StaffMember, { id });
}
