import { readFileSync } from 'node:fs';

/** The public pages' languages; a comune's first language among them is the pages' default. */
export const PUBLIC_LOCALES = ['it', 'en', 'de'] as const;
export type PublicLocale = (typeof PUBLIC_LOCALES)[number];

// Read once at start (no build step), like the web chat's texts.
const catalogs: Record<PublicLocale, Record<string, string>> = Object.fromEntries(
  PUBLIC_LOCALES.map((locale) => [locale, JSON.parse(readFileSync(new URL(`./texts/${locale}.json`, import.meta.url), 'utf8')) as Record<string, string>]),
) as Record<PublicLocale, Record<string, string>>;

/**
 * A text of the public pages (archive, permalink, widget, feeds) in one language, `{name}` filled in;
 * Italian when the language lacks the key.
 *
 * @example
 * publicText('de', 'archive.title', { comune: 'Comune di Esempio' });
 */
export function publicText(locale: PublicLocale, key: string, vars: Readonly<Record<string, string>> = {}): string {
  const template = catalogs[locale][key] ?? catalogs.it[key];
  if (template === undefined) throw new Error(`public text "${key}" is missing from admin-api/public/texts/it.json`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** The language of a public page: `?lang=` when the comune speaks it, else the comune's first known one. */
export function pageLocale(comuneLocales: readonly string[], requested?: string): PublicLocale {
  const known = comuneLocales.filter((l): l is PublicLocale => (PUBLIC_LOCALES as readonly string[]).includes(l));
  if (requested && known.includes(requested as PublicLocale)) return requested as PublicLocale;
  return known[0] ?? 'it';
}

/** `Intl` locale for dates. */
export function dateLocale(locale: PublicLocale): string {
  return { it: 'it-IT', en: 'en-GB', de: 'de-DE' }[locale];
}

/** Whether the public texts have this key (channel names: `join.channel.webchat`). */
export function hasPublicText(key: string): boolean {
  return key in catalogs.it;
}
