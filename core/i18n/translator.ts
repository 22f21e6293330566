import { readdirSync, readFileSync } from 'node:fs';
import { markup, type FormattedText } from '../channel/formatted-text.js';
import { interpolate } from '../channel/formatted-text.js';

/** Texts of one locale: flat keys (`base.welcome`) to templates with `{var}` and `*bold*` markup. */
export type Catalog = Readonly<Record<string, string>>;
/** Catalogs by locale (`it`, `en`). */
export type Catalogs = Readonly<Record<string, Catalog>>;

/**
 * Loads `<locale>.json` files from a folder next to a module, e.g. `loadCatalogs(new URL('./locales/', import.meta.url))`.
 * Texts live in these files, never inside logic.
 *
 * @example
 * export const texts = loadCatalogs(new URL('./locales/', import.meta.url));
 * texts.it['base.welcome'];
 */
export function loadCatalogs(folder: URL): Catalogs {
  const out: Record<string, Catalog> = {};
  for (const file of readdirSync(folder)) {
    if (!file.endsWith('.json')) continue;
    out[file.slice(0, -5)] = JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as Catalog;
  }
  return out;
}

/**
 * Looks texts up: the tenant's override for the locale, the catalog of the locale, then Italian (the
 * bot's first language), then the key itself so a missing text is visible but never crashes a turn.
 *
 * @example
 * const t = new Translator([coreTexts, baseTexts]);
 * t.text('it', 'base.welcome', { comune: 'Esempio' }, tenantOverrides);
 */
export class Translator {
  private readonly merged = new Map<string, Map<string, string>>();

  constructor(catalogs: readonly Catalogs[], readonly fallbackLocale = 'it') {
    for (const catalogSet of catalogs) {
      for (const [locale, catalog] of Object.entries(catalogSet)) {
        const target = this.merged.get(locale) ?? new Map<string, string>();
        for (const [key, value] of Object.entries(catalog)) target.set(key, value);
        this.merged.set(locale, target);
      }
    }
  }

  /** Locales with at least one text. */
  get locales(): string[] {
    return [...this.merged.keys()];
  }

  /** The raw template for a key. */
  template(locale: string, key: string, overrides?: Overrides): string {
    return (
      overrides?.[locale]?.[key] ??
      this.merged.get(locale)?.get(key) ??
      overrides?.[this.fallbackLocale]?.[key] ??
      this.merged.get(this.fallbackLocale)?.get(key) ??
      key
    );
  }

  /** Plain string with `{vars}` filled (markup characters kept as typed). */
  t(locale: string, key: string, vars: Vars = {}, overrides?: Overrides): string {
    return interpolate(this.template(locale, key, overrides), vars);
  }

  /** Formatted text: markup parsed, then `{vars}` filled (values cannot inject markup). */
  text(locale: string, key: string, vars: Vars = {}, overrides?: Overrides): FormattedText {
    return markup(this.template(locale, key, overrides), vars);
  }

  /** Whether any catalog has the key. */
  has(key: string): boolean {
    return [...this.merged.values()].some((catalog) => catalog.has(key));
  }
}

export type Vars = Readonly<Record<string, string | number>>;
export type Overrides = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Picks the best supported locale for a client-reported language ('en-GB' → 'en'). */
export function pickLocale(requested: string | undefined, supported: readonly string[], fallback: string): string {
  if (!requested) return fallback;
  const base = requested.toLowerCase().split(/[-_]/)[0] ?? '';
  return supported.includes(base) ? base : fallback;
}
