/**
 * What a comune gets before it sets anything: the seven categories, a 40 m duplicate distance,
 * no area limit, and closed reports kept two years.
 */
import type { ReportCategory } from '../entities/index.js';

export const DEFAULT_CATEGORIES: readonly ReportCategory[] = [
  { code: 'strade', name: { it: 'Strade e marciapiedi', en: 'Roads and pavements' } },
  { code: 'illuminazione', name: { it: 'Illuminazione pubblica', en: 'Street lighting' } },
  { code: 'rifiuti', name: { it: 'Rifiuti e pulizia', en: 'Waste and cleaning' } },
  { code: 'verde', name: { it: 'Verde pubblico', en: 'Parks and green areas' } },
  { code: 'acqua', name: { it: 'Acqua e fognature', en: 'Water and sewers' } },
  { code: 'segnaletica', name: { it: 'Segnaletica', en: 'Road signs' } },
  { code: 'altro', name: { it: 'Altro', en: 'Other' } },
];

/** Reports of one category closer than this to an open one are offered as duplicates. */
export const DEFAULT_DUPLICATE_DISTANCE_METERS = 40;
/** Closed reports are deleted two years after closing. */
export const DEFAULT_CLOSED_RETENTION_DAYS = 730;
/** Photos and videos per report. */
export const MAX_REPORT_MEDIA = 5;
/** An abandoned draft can be resumed this long. */
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;
/** Longest description. */
export const MAX_DESCRIPTION = 2000;
/** Shortest description worth sending to an office. */
export const MIN_DESCRIPTION = 5;
