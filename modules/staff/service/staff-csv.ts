/**
 * CSV import and export of the registry: `name,role,phone,email,groups,active` (groups separated by
 * `;`, created when missing). An import is all or nothing.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { parseCsv, writeCsv } from '../../../core/internal.js';
import { StaffGroup, StaffMember, StaffMembership } from '../entities/index.js';
import { groupsOf } from './registry-service.js';
import { StaffError } from './staff-error.js';

export const STAFF_CSV_HEADER = ['name', 'role', 'phone', 'email', 'groups', 'active'] as const;

export async function exportStaffCsv(em: SqlEntityManager): Promise<string> {
  const members = await em.find(StaffMember, {}, { orderBy: { name: 'asc', id: 'asc' } });
  const groups = await groupsOf(em, members.map((m) => m.id));
  return writeCsv([[...STAFF_CSV_HEADER], ...members.map((m) => [
    m.name, m.role, m.phone ?? '', m.email ?? '', (groups.get(m.id) ?? []).map((g) => g.name).join(';'), m.active ? 'true' : 'false',
  ])]);
}

/** Adds the file's members (an existing member with the same name and e-mail is updated). */
export async function importStaffCsv(em: SqlEntityManager, tenantId: number, text: string): Promise<{ created: number; updated: number; groupsCreated: number }> {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (error) {
    throw new StaffError(400, 'STAFF_BAD_IMPORT', (error as Error).message);
  }
  const [header, ...body] = rows;
  if (!header || STAFF_CSV_HEADER.some((name, i) => header[i]?.trim().toLowerCase() !== name)) {
    throw new StaffError(400, 'STAFF_BAD_IMPORT', `The first line must be the header ${STAFF_CSV_HEADER.join(',')}.`);
  }
  const parsed = body.map((row, index) => {
    const [name = '', role = '', phone = '', email = '', groups = '', active = 'true'] = row.map((f) => f.trim());
    const line = index + 2;
    if (!name) throw new StaffError(400, 'STAFF_BAD_IMPORT', `CSV line ${line}: the name is empty.`);
    if (!['true', 'false', '1', '0', 'si', 'sì', 'no', ''].includes(active.toLowerCase())) throw new StaffError(400, 'STAFF_BAD_IMPORT', `CSV line ${line}: active must be true or false.`);
    if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) throw new StaffError(400, 'STAFF_BAD_IMPORT', `CSV line ${line}: "${email}" is not an e-mail address.`);
    return { name, role, phone, email, groups: groups.split(';').map((g) => g.trim()).filter(Boolean), active: !['false', '0', 'no'].includes(active.toLowerCase()) };
  });
  return em.transactional(async (tx) => {
    let created = 0, updated = 0, groupsCreated = 0;
    const groups = new Map((await tx.find(StaffGroup, {})).map((g) => [g.name, g]));
    for (const row of parsed) {
      for (const name of row.groups) {
        if (!groups.has(name)) {
          groups.set(name, tx.create(StaffGroup, { tenant: tenantId, name, onDutyMode: false }));
          groupsCreated += 1;
        }
      }
      const existing = await tx.findOne(StaffMember, { name: row.name, email: row.email || null });
      const member = existing ?? tx.create(StaffMember, { tenant: tenantId, name: row.name });
      tx.assign(member, { role: row.role, phone: row.phone || null, email: row.email || null, active: row.active });
      if (existing) updated += 1; else created += 1;
      await tx.flush();
      await tx.nativeDelete(StaffMembership, { member: member.id });
      for (const name of row.groups) tx.create(StaffMembership, { tenant: tenantId, member, group: groups.get(name) as StaffGroup });
    }
    await tx.flush();
    return { created, updated, groupsCreated };
  });
}
