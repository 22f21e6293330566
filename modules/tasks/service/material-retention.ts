/**
 * Retention of what members sent for a task (photos, voice, video, files, positions): kept while the
 * task is open and for `tenant.settings.tasks.materialRetentionDays` (default 365) after it closed,
 * then the files leave the media store and the positions are cleared. The timeline keeps the step
 * ("material removed"), never the content. Idempotent (by condition), so several processes may run it.
 */
import type { ModuleServices, RetentionStep } from '../../../core/internal.js';
import { Tenant } from '../../../core/internal.js';
import { Task, TaskEvent } from '../entities/index.js';

export const MATERIAL_RETENTION_DEFAULT_DAYS = 365;
const LIMITS = { min: 1, max: 3650 };
const DAY_MS = 86_400_000;
/** `mediaKind` of material whose content retention removed. */
export const REMOVED = 'removed';

/** The comune's setting, clamped; the default when missing or not a whole number. */
export function materialRetentionDays(settings: Record<string, unknown> | null | undefined): number {
  const tasks = settings?.tasks;
  const value = typeof tasks === 'object' && tasks !== null ? (tasks as Record<string, unknown>).materialRetentionDays : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) return MATERIAL_RETENTION_DEFAULT_DAYS;
  return Math.min(LIMITS.max, Math.max(LIMITS.min, value));
}

export function materialRetention(services: Pick<ModuleServices, 'tenants' | 'media'>): RetentionStep {
  return async ({ tenant, now, batchSize }) => {
    const em = services.tenants.scopedEm(tenant.id);
    const row = await em.findOne(Tenant, { id: tenant.id });
    const cutoff = new Date(now.getTime() - materialRetentionDays(row?.settings) * DAY_MS);
    const closed = (await em.find(Task, { closedAt: { $ne: null, $lt: cutoff } }, { fields: ['id'] })).map((t) => t.id);
    let removed = 0;
    for (let i = 0; i < closed.length; i += batchSize) {
      const events = await em.find(TaskEvent, { task: { $in: closed.slice(i, i + batchSize) }, kind: 'material', mediaKind: { $ne: REMOVED } });
      for (const event of events) {
        if (event.mediaId) await services.media.delete(tenant.id, event.mediaId);
        Object.assign(event, { mediaId: null, latitude: null, longitude: null, note: null, mediaKind: REMOVED });
        removed += 1;
      }
      await em.flush();
    }
    return { taskMaterial: removed };
  };
}
