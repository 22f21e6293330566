/**
 * The person's report draft: what the dialog gathered so far, kept in `reports_draft` so an abandoned
 * report can be resumed for 24 h (then the retention step drops it with its files). Writes go through the
 * turn's unit of work: they commit with the turn's replies, or not at all.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ReportDraft, type ReportMediaItem } from '../entities/index.js';
import { DRAFT_TTL_MS } from '../service/report-defaults.js';

/** The draft's fields a step may set. */
export type DraftPatch = Partial<Pick<ReportDraft, 'category' | 'description' | 'latitude' | 'longitude' | 'address'>> & { media?: ReportMediaItem[] };

/**
 * The person's draft, or null; given `now`, a draft older than 24 h counts as gone (without it, any age:
 * to drop an old one's files).
 *
 * @example
 * const draft = await findDraft(ctx.em, ctx.person.id, new Date());
 */
export async function findDraft(em: SqlEntityManager, personId: number, now?: Date): Promise<ReportDraft | null> {
  const draft = await em.findOne(ReportDraft, { person: personId });
  return draft && (!now || now.getTime() - draft.updatedAt.getTime() <= DRAFT_TTL_MS) ? draft : null;
}

/**
 * A fresh draft for the person, replacing any older one.
 *
 * @example
 * const draft = await startDraft(ctx.em, ctx.tenant.id, ctx.person.id, new Date());
 */
export async function startDraft(em: SqlEntityManager, tenantId: number, personId: number, now: Date): Promise<ReportDraft> {
  const old = await em.findOne(ReportDraft, { person: personId });
  if (old) {
    Object.assign(old, { category: null, description: null, latitude: null, longitude: null, address: null, media: [], updatedAt: now });
    return old;
  }
  return em.create(ReportDraft, { tenant: tenantId, person: personId, media: [], updatedAt: now });
}

/**
 * The person's current draft (created if missing, e.g. the 24 h passed mid-dialog) with `patch` applied.
 *
 * @example
 * await updateDraft(ctx.em, ctx.tenant.id, ctx.person.id, { description: 'Buca' });
 */
export async function updateDraft(em: SqlEntityManager, tenantId: number, personId: number, patch: DraftPatch, now = new Date()): Promise<ReportDraft> {
  const draft = (await em.findOne(ReportDraft, { person: personId })) ?? em.create(ReportDraft, { tenant: tenantId, person: personId, media: [], updatedAt: now });
  Object.assign(draft, patch, { updatedAt: now });
  return draft;
}
