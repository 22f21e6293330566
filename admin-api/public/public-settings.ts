import type { TenantSettings } from '../../core/internal.js';

/** How a comune shows itself on its public pages (`settings.public` of the tenant). */
export interface PublicSettings {
  /** The public archive, feeds and widget are on (default) or answer 404. */
  readonly archive: boolean;
  /** The comune's colour (`#rrggbb`), for the header and links. */
  readonly colour: string;
  /** An https address of the comune's logo, or null. */
  readonly logoUrl: string | null;
}

export const DEFAULT_PUBLIC: PublicSettings = { archive: true, colour: '#0b5394', logoUrl: null };

/** The stored public settings with defaults for what is missing or malformed. */
export function publicSettingsOf(settings: TenantSettings): PublicSettings {
  const stored = (settings.public ?? {}) as Partial<Record<keyof PublicSettings, unknown>>;
  return {
    archive: typeof stored.archive === 'boolean' ? stored.archive : DEFAULT_PUBLIC.archive,
    colour: typeof stored.colour === 'string' && /^#[0-9a-fA-F]{6}$/.test(stored.colour) ? stored.colour : DEFAULT_PUBLIC.colour,
    logoUrl: typeof stored.logoUrl === 'string' && /^https:\/\/\S+$/.test(stored.logoUrl) ? stored.logoUrl : DEFAULT_PUBLIC.logoUrl,
  };
}
