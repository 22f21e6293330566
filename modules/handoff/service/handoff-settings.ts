/**
 * A comune's handoff settings, stored in `tenant.settings.handoff` and always read through
 * `handoffSettingsOf` (missing or malformed values take the defaults, out-of-range ones are clamped).
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Tenant, zonedToUtc, type TenantSettings, utcToZoned } from '../../../core/internal.js';

/** Days of the week as the office hours name them, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The rating offered after a close: none, 1–5 buttons, or 👍/👎. */
export const RATING_KINDS = ['off', 'stars', 'thumbs'] as const;
export type RatingKind = (typeof RATING_KINDS)[number];

/** Opening intervals per day, `HH:mm` in the comune's timezone (`[['09:00', '12:30']]`). */
export type OfficeHours = Partial<Record<Weekday, readonly (readonly [string, string])[]>>;

export interface HandoffSettings {
  /** When operators answer; empty: any time someone is online. */
  readonly officeHours: OfficeHours;
  /** A waiting person nobody took within this is deferred (default 5). */
  readonly maxWaitMinutes: number;
  /** A live conversation with no message for this long is closed (default 24). */
  readonly idleLiveHours: number;
  /** A deferred conversation with no message for this long is closed (default 7). */
  readonly idleDeferredDays: number;
  readonly rating: RatingKind;
  /** Offices a conversation can be transferred to. */
  readonly offices: readonly string[];
  /** Messages a person may send per minute while in a handoff (default 20). */
  readonly floodPerMinute: number;
}

export const DEFAULT_HANDOFF_SETTINGS: HandoffSettings = {
  officeHours: {}, maxWaitMinutes: 5, idleLiveHours: 24, idleDeferredDays: 7, rating: 'off', offices: [], floodPerMinute: 20,
};

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The effective settings of a comune.
 *
 * @example
 * handoffSettingsOf(tenant.settings).maxWaitMinutes; // 5 unless the comune changed it
 */
export function handoffSettingsOf(settings: TenantSettings | null | undefined): HandoffSettings {
  const stored = typeof settings?.handoff === 'object' && settings.handoff !== null ? (settings.handoff as Record<string, unknown>) : {};
  const int = (key: 'maxWaitMinutes' | 'idleLiveHours' | 'idleDeferredDays' | 'floodPerMinute', min: number, max: number): number => {
    const value = stored[key];
    return typeof value === 'number' && Number.isInteger(value) ? Math.min(max, Math.max(min, value)) : DEFAULT_HANDOFF_SETTINGS[key];
  };
  const rating = RATING_KINDS.find((kind) => kind === stored.rating) ?? DEFAULT_HANDOFF_SETTINGS.rating;
  const offices = Array.isArray(stored.offices) ? stored.offices.filter((o): o is string => typeof o === 'string' && o.length > 0 && o.length <= 100) : [];
  return {
    officeHours: officeHoursOf(stored.officeHours),
    maxWaitMinutes: int('maxWaitMinutes', 1, 240),
    idleLiveHours: int('idleLiveHours', 1, 24 * 14),
    idleDeferredDays: int('idleDeferredDays', 1, 90),
    floodPerMinute: int('floodPerMinute', 3, 200),
    rating,
    offices,
  };
}

function officeHoursOf(value: unknown): OfficeHours {
  if (typeof value !== 'object' || value === null) return {};
  const out: Partial<Record<Weekday, [string, string][]>> = {};
  for (const day of WEEKDAYS) {
    const list = (value as Record<string, unknown>)[day];
    if (!Array.isArray(list)) continue;
    const intervals = list.filter((i): i is [string, string] => Array.isArray(i) && i.length === 2 && HHMM.test(String(i[0])) && HHMM.test(String(i[1])) && i[0] < i[1]);
    if (intervals.length) out[day] = intervals.sort((a, b) => a[0].localeCompare(b[0]));
  }
  return out;
}

/** True when the comune set office hours at all. */
export function hasOfficeHours(hours: OfficeHours): boolean {
  return WEEKDAYS.some((day) => (hours[day]?.length ?? 0) > 0);
}

/**
 * Whether `now` is inside the office hours (always true when none are set) and, if not, the next
 * opening instant (null when none are set). Walks at most 8 days of the comune's calendar.
 *
 * @example
 * officeStatus(new Date('2026-12-05T18:00Z'), 'Europe/Rome', { mon: [['09:00', '12:00']] });
 * // { open: false, nextOpening: 2026-12-07T08:00:00.000Z }
 */
export function officeStatus(now: Date, timeZone: string, hours: OfficeHours): { open: boolean; nextOpening: Date | null } {
  if (!hasOfficeHours(hours)) return { open: true, nextOpening: null };
  const today = utcToZoned(now, timeZone).slice(0, 10);
  for (let offset = 0; offset <= 7; offset++) {
    const date = addDays(today, offset);
    const day = WEEKDAYS[(new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7] as Weekday;
    for (const [from, to] of hours[day] ?? []) {
      const start = zonedToUtc(`${date}T${from}`, timeZone);
      const end = zonedToUtc(`${date}T${to}`, timeZone);
      if (offset === 0 && now >= start && now < end) return { open: true, nextOpening: null };
      if (start > now) return { open: false, nextOpening: start };
    }
  }
  return { open: false, nextOpening: null };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The settings of a tenant, read from its row.
 *
 * @example
 * const settings = await loadHandoffSettings(em, tenant.id);
 */
export async function loadHandoffSettings(em: SqlEntityManager, tenantId: number): Promise<HandoffSettings> {
  const row = await em.findOne(Tenant, { id: tenantId });
  const settings: TenantSettings | undefined = row?.settings;
  return handoffSettingsOf(settings);
}
