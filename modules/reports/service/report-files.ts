/**
 * Files of a dropped draft or a deleted report: deleted unless a report still holds the same bytes (a media id is the file's hash,
 * so a photo sent twice is one file), because then deleting would take a report's evidence with it.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { ModuleServices } from '../../../core/internal.js';
import type { ReportMediaItem } from '../entities/index.js';

/**
 * @example
 * await dropUnusedFiles(ctx.em, api.services.media, ctx.tenant.id, draft.media); // how many went
 */
export async function dropUnusedFiles(em: SqlEntityManager, media: Pick<ModuleServices['media'], 'delete'>, tenantId: number, items: readonly ReportMediaItem[]): Promise<number> {
  let dropped = 0;
  for (const item of items) {
    const used = await em.execute<unknown[]>(
      'select 1 from reports_report where tenant_id = ? and cast(media as text) like ? limit 1', [tenantId, `%${item.id}%`], 'all');
    if (used.length > 0) continue;
    await media.delete(tenantId, item.id);
    dropped++;
  }
  return dropped;
}
