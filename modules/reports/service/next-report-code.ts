/**
 * The next public code of a tenant's year (`S-2026-00042`). One upsert advances the counter and returns
 * the new number, the same statement on SQLite and PostgreSQL. It must run in the transaction that
 * inserts the report (`createReport` does): PostgreSQL then keeps the counter row locked until that
 * transaction ends, so a second process waits and reads the committed number (no duplicate), and a
 * transaction that rolls back takes its increment with it (no gap). SQLite has one writer.
 * Rejected: `max(seq) + 1` (two processes read the same max), a retry on the unique index (a loop where
 * one statement does), and a sequence (PostgreSQL sequences never roll back: gaps by design).
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
