/**
 * The comune's offices that work reports: a name and its admin users.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ReportOffice } from '../entities/index.js';
import { ReportError } from './report-errors.js';

const toDto = (o: ReportOffice) => ({ id: o.id, name: o.name, members: [...o.members] });

/** @example const offices = await listOffices(em); */
export async function listOffices(em: SqlEntityManager) {
  return (await em.find(ReportOffice, {}, { orderBy: { name: 'asc' } })).map(toDto);
}

/**
 * @example
 * await createOffice(em, tenant.id, { name: 'Ufficio tecnico', members: [3] });
 */
export async function createOffice(em: SqlEntityManager, tenantId: number, input: { name: string; members?: number[] | undefined }) {
  const name = input.name.trim();
  if (await em.findOne(ReportOffice, { name })) throw new ReportError(400, 'REPORT_INVALID', `An office named "${name}" exists already: choose another name.`);
  const office = em.create(ReportOffice, { tenant: tenantId, name, members: [...new Set(input.members ?? [])] });
  await em.flush();
  return toDto(office);
}
