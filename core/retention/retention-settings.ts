/**
 * How long a comune keeps what citizens send, in days. Privacy first: the defaults are short, every value
 * has a floor of one day (retention cannot be switched off) and a ceiling, and whatever is stored in
 * `tenant.settings.retention` is read through `retentionOf`, which falls back to the defaults.
 *
 * @example
 * const { conversationDays } = retentionOf(tenant.settings); // 180 unless the comune changed it
 * tenant.settings.retention = { ...retentionOf(tenant.settings), locationDays: 7 };
 */
export interface RetentionSettings {
  /** Conversation history (`message_log`, the web chat's history): what was written, both ways. */
  readonly conversationDays: number;
  /** Files people sent (photos, voice notes, videos, documents): their rows and bytes. */
  readonly inboundMediaDays: number;
  /** Positions people shared (the web chat keeps the coordinates of each one). */
  readonly locationDays: number;
}

/**
 * The defaults. 180 days of conversation lets an operator see the last months of a person's questions
 * and the comune answer a complaint about a reply; media and positions are the most personal things a
 * citizen sends (faces, number plates, where they live) and are needed only while a report is being
 * handled, usually days: 30 days. A module that must keep a report's photo longer copies it into its
 * own record, which its own rules govern.
 */
export const DEFAULT_RETENTION: Readonly<RetentionSettings> = { conversationDays: 180, inboundMediaDays: 30, locationDays: 30 };

/**
 * Bounds of each setting (whole days). At least one day: a retention of zero would delete a message
 * while its turn is still being answered. At most two years of conversation and one year of media and
 * positions: longer is hard to justify as data minimisation for a chat channel.
 */
export const RETENTION_LIMITS: Readonly<Record<keyof RetentionSettings, { readonly min: number; readonly max: number }>> = {
  conversationDays: { min: 1, max: 730 },
  inboundMediaDays: { min: 1, max: 365 },
  locationDays: { min: 1, max: 365 },
};

/**
 * A tenant's effective retention: the stored values where they are whole numbers of days, clamped to
 * `RETENTION_LIMITS` (a value edited by hand in the database cannot keep data longer than allowed),
 * the defaults elsewhere.
 *
 * @example
 * retentionOf({ retention: { locationDays: 7 } }); // { conversationDays: 180, inboundMediaDays: 30, locationDays: 7 }
 */
export function retentionOf(settings: { readonly retention?: unknown } | null | undefined): RetentionSettings {
  const stored = typeof settings?.retention === 'object' && settings.retention !== null ? (settings.retention as Record<string, unknown>) : {};
  const pick = (key: keyof RetentionSettings): number => {
    const value = stored[key];
    if (typeof value !== 'number' || !Number.isInteger(value)) return DEFAULT_RETENTION[key];
    const { min, max } = RETENTION_LIMITS[key];
    return Math.min(max, Math.max(min, value));
  };
  return { conversationDays: pick('conversationDays'), inboundMediaDays: pick('inboundMediaDays'), locationDays: pick('locationDays') };
}
