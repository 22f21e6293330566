/**
 * A comune's effective report settings: its stored row over the defaults.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ReportSettings, type ReportCategory, type ReportSettingsData } from '../entities/index.js';
import { DEFAULT_CATEGORIES, DEFAULT_CLOSED_RETENTION_DAYS, DEFAULT_DUPLICATE_DISTANCE_METERS } from './report-defaults.js';

/** Settings with every default filled in. */
export interface EffectiveReportSettings {
  readonly categories: readonly ReportCategory[];
  readonly duplicateDistanceMeters: number;
  readonly bbox: readonly [number, number, number, number] | null;
  readonly closedRetentionDays: number;
  readonly open311Keys: NonNullable<ReportSettingsData['open311Keys']>;
}

/**
 * @example
 * const { categories, bbox } = await reportSettings(em);
 */
export async function reportSettings(em: SqlEntityManager): Promise<EffectiveReportSettings> {
  const row = await em.findOne(ReportSettings, {});
  return effective(row?.data ?? {});
}

/** Fills the defaults in. */
export function effective(data: ReportSettingsData): EffectiveReportSettings {
  return {
    categories: data.categories?.length ? data.categories : DEFAULT_CATEGORIES,
    duplicateDistanceMeters: data.duplicateDistanceMeters ?? DEFAULT_DUPLICATE_DISTANCE_METERS,
    bbox: data.bbox ?? null,
    closedRetentionDays: data.closedRetentionDays ?? DEFAULT_CLOSED_RETENTION_DAYS,
    open311Keys: data.open311Keys ?? [],
  };
}

/**
 * Merges `patch` into the stored settings (creating the row) and returns the effective ones.
 *
 * @example
 * await updateReportSettings(em, tenant.id, { duplicateDistanceMeters: 60 });
 */
export async function updateReportSettings(em: SqlEntityManager, tenantId: number, patch: ReportSettingsData): Promise<EffectiveReportSettings> {
  const row = await em.findOne(ReportSettings, {});
  const data = { ...(row?.data ?? {}), ...patch };
  if (row) {
    row.data = data;
    row.updatedAt = new Date();
  } else em.create(ReportSettings, { tenant: tenantId, data, updatedAt: new Date() });
  await em.flush();
  return effective(data);
}

/** The enabled categories. */
export function enabledCategories(settings: EffectiveReportSettings): ReportCategory[] {
  return settings.categories.filter((c) => c.enabled !== false);
}

/** A category's name in `locale`, else Italian, else its code. */
export function categoryName(category: ReportCategory | undefined, code: string, locale: string): string {
  return category?.name[locale] ?? category?.name.it ?? code;
}
