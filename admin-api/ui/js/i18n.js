// Interface texts: Italian first, then English and German (Alto Adige / Südtirol), in i18n/<lang>.json.
// `t('a.b', {n: 3})` fills {n}-style variables. The chosen language is remembered in localStorage.

/** The interface languages, with the locale numbers and dates are written in. */
const INTL = { it: 'it-IT', en: 'en-GB', de: 'de-IT' };
export const LANGS = Object.keys(INTL);
let lang = 'it';
let texts = {};
let fallback = {};

export const currentLang = () => lang;
/** The languages one can switch to from the current one. */
export const otherLangs = () => LANGS.filter((l) => l !== lang);
/** The BCP 47 locale for Intl formatters. */
export const intlLocale = () => INTL[lang];

/** A language's name in that language ("Deutsch"), so a person who cannot read the current one finds theirs. */
export function ownName(code) {
  let name = code;
  try { name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code; } catch { /* an unknown code stays as it is */ }
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}

/** Loads the language (default: the remembered one, else the browser's if supported, else Italian). */
export async function loadTexts(wanted) {
  const remembered = localStorage.getItem('campanile.lang');
  const browser = (navigator.language ?? 'it').slice(0, 2);
  lang = [wanted, remembered, browser].find((l) => l && LANGS.includes(l)) ?? 'it';
  localStorage.setItem('campanile.lang', lang);
  const load = (l) => fetch(`./i18n/${l}.json`).then((r) => r.json());
  [texts, fallback] = await Promise.all([load(lang), lang === 'it' ? Promise.resolve({}) : load('it')]);
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}

const lookup = (table, key) => key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), table);

/** The text for `key` with variables filled; the key itself when missing (visible in review). */
export function t(key, vars = {}) {
  const found = lookup(texts, key) ?? lookup(fallback, key);
  if (typeof found !== 'string') return key;
  return found.replace(/\{(\w+)\}/g, (_, name) => (vars[name] ?? `{${name}}`));
}

/** Whether a text exists (for optional texts such as problem codes). */
export const has = (key) => typeof (lookup(texts, key) ?? lookup(fallback, key)) === 'string';

/** Locale-aware number. */
export const num = (n) => new Intl.NumberFormat(intlLocale()).format(n ?? 0);

/** A date-time shown in the comune's timezone. */
export function dateTime(iso, timeZone) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A date (no time) in the comune's timezone. */
export function dateOnly(iso, timeZone) {
  return new Intl.DateTimeFormat(intlLocale(), { day: 'numeric', month: 'short', timeZone }).format(new Date(iso));
}
