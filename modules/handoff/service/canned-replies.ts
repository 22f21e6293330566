/** The comune's canned replies: list, create, edit, delete (titles unique per comune). */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { AdminUser, isUniqueViolation, type TenantInfo } from '../../../core/internal.js';
import { HandoffCannedReply } from '../entities/index.js';
import { HandoffError } from './handoff-error.js';

const view = (c: HandoffCannedReply) => ({ id: c.id, title: c.title, text: c.text });

/**
 * The list, each with `filled`: its text with the placeholders filled in for this operator, which the
 * conversation page inserts in the reply box for the operator to adjust before sending.
 *
 * @example await listCanned(em, tenant, req.user);
 */
export async function listCanned(em: SqlEntityManager, tenant: TenantInfo, operator: { id: number; email: string }) {
  const rows = await em.find(HandoffCannedReply, {}, { orderBy: { title: 'asc' } });
  const vars = await placeholderValues(em, tenant, operator);
  return { items: rows.map((c) => ({ ...view(c), filled: fill(c.text, vars) })) };
}

/**
 * `{comune}` and `{operatore}` filled in; unknown placeholders stay as written.
 *
 * @example await fillPlaceholders(em, 'Il {comune} la saluta. {operatore}', tenant, operator);
 */
export async function fillPlaceholders(em: SqlEntityManager, template: string, tenant: TenantInfo, operator: { id: number; email: string }): Promise<string> {
  return fill(template, await placeholderValues(em, tenant, operator));
}

async function placeholderValues(em: SqlEntityManager, tenant: TenantInfo, operator: { id: number; email: string }): Promise<Record<string, string>> {
  const user = await em.findOne(AdminUser, { id: operator.id });
  return { comune: tenant.name, operatore: user?.displayName ?? operator.email };
}

const fill = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);

/** @example await saveCanned(em, tenant.id, null, { title: 'Orari', text: 'Il {comune} riceve 9–12.' }); */
export async function saveCanned(em: SqlEntityManager, tenantId: number, id: number | null, input: { title: string; text: string }) {
  const title = input.title.trim();
  const text = input.text.trim();
  if (!title || !text) throw new HandoffError(400, 'HANDOFF_EMPTY_REPLY', 'A canned reply needs a title and a text.');
  let row: HandoffCannedReply | null;
  if (id === null) row = em.create(HandoffCannedReply, { tenant: tenantId, title, text, createdAt: new Date() });
  else {
    row = await em.findOne(HandoffCannedReply, { id });
    if (!row) throw new HandoffError(404, 'HANDOFF_NOT_FOUND', `Canned reply ${id} does not exist in this comune.`);
    row.title = title;
    row.text = text;
  }
  try {
    await em.flush();
  } catch (error) {
    if (isUniqueViolation(error)) throw new HandoffError(409, 'HANDOFF_DUPLICATE', `A canned reply titled "${title}" already exists: pick another title or edit that one.`);
    throw error;
  }
  return view(row);
}

/** @example await deleteCanned(em, 3); */
export async function deleteCanned(em: SqlEntityManager, id: number): Promise<void> {
  if ((await em.nativeDelete(HandoffCannedReply, { id })) === 0) throw new HandoffError(404, 'HANDOFF_NOT_FOUND', `Canned reply ${id} does not exist in this comune.`);
}
