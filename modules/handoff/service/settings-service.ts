/** Reading and changing a comune's handoff settings (`tenant.settings.handoff`). */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Tenant } from '../../../core/internal.js';
import { handoffSettingsOf, type HandoffSettings } from './handoff-settings.js';

/** @example await readSettings(em, tenant.id); */
export async function readSettings(em: SqlEntityManager, tenantId: number): Promise<HandoffSettings> {
  const row = await em.findOneOrFail(Tenant, { id: tenantId });
  return handoffSettingsOf(row.settings);
}

/**
 * Merges the given keys into the stored settings and returns the effective ones.
 *
 * @example
 * await updateSettings(em, tenant.id, { rating: 'thumbs', officeHours: { mon: [['09:00', '12:00']] } });
 */
export async function updateSettings(em: SqlEntityManager, tenantId: number, patch: Partial<HandoffSettings>): Promise<HandoffSettings> {
  const row = await em.findOneOrFail(Tenant, { id: tenantId });
  const next = handoffSettingsOf({ ...row.settings, handoff: { ...handoffSettingsOf(row.settings), ...patch } });
  row.settings = { ...row.settings, handoff: next };
  await em.flush();
  return next;
}
