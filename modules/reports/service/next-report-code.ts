/**
 * The next public code of a tenant's year (`S-2026-00042`). One upsert advances the counter and returns
 * the new number, the same statement on SQLite and PostgreSQL: PostgreSQL locks the conflicting row and
 * SQLite has one writer, so two processes never get the same number. Run inside the caller's
 * transaction where there is one (admin, Open311), a report that is not written gives its number back;
 * in a chat turn it runs before the turn's commit, so a turn that fails leaves a gap. Rejected: `max(seq) + 1` (two processes read
 * the same max) and a retry on the unique index (a loop where one statement does).
 */
import type { SqlEntityManager } from '@mikro-orm/knex';

const NEXT = `insert into reports_counter (tenant_id, year, last) values (?, ?, 1)
on conflict (tenant_id, year) do update set last = reports_counter.last + 1
returning last`;

/**
 * @example
 * const { code, year, seq } = await nextReportCode(em, tenant.id, new Date()); // 'S-2026-00001'
 */
export async function nextReportCode(em: SqlEntityManager, tenantId: number, at: Date): Promise<{ code: string; year: number; seq: number }> {
  const year = at.getUTCFullYear();
  const rows = await em.execute<{ last: number | string }[]>(NEXT, [tenantId, year], 'all');
  const seq = Number(rows[0]?.last);
  if (!Number.isInteger(seq) || seq < 1) throw new Error('reports_counter upsert returned no number: check the reports migration ran.');
  return { code: formatCode(year, seq), year, seq };
}

/** `S-<year>-<5 digits>` (more digits past 99999). */
export function formatCode(year: number, seq: number): string {
  return `S-${year}-${String(seq).padStart(5, '0')}`;
}
