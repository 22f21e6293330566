import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';

/** A report category of a comune: a stable code, its names, its office. */
export interface ReportCategory {
  readonly code: string;
  readonly name: Readonly<Record<string, string>>;
  readonly officeId?: number | null;
  readonly enabled?: boolean;
}

/** An Open311 key the comune issued to a client: only its sha256 is kept. */
export interface Open311Key {
  readonly id: string;
  readonly label: string;
  readonly sha256: string;
  readonly createdAt: string;
}

/** The comune's report settings; absent fields take the defaults (`report-defaults.ts`). */
export interface ReportSettingsData {
  readonly categories?: readonly ReportCategory[];
  /** Reports of one category closer than this to an open one are offered as duplicates. */
  readonly duplicateDistanceMeters?: number;
  /** `[minLon, minLat, maxLon, maxLat]`: positions outside it are refused. */
  readonly bbox?: readonly [number, number, number, number] | null;
  /** Closed reports (and their files) are deleted this many days after closing. */
  readonly closedRetentionDays?: number;
  readonly open311Keys?: readonly Open311Key[];
}

/**
 * One row per comune holding its report settings as JSON.
 *
 * @example
 * em.create(ReportSettings, { tenant, data: { duplicateDistanceMeters: 60 } });
 */
export const ReportSettings = defineEntity({
  name: 'ReportSettings',
  tableName: 'reports_settings',
  filters: tenantScope,
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade').unique(),
    data: p.json<ReportSettingsData>(),
    updatedAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type ReportSettings = InferEntity<typeof ReportSettings>;
