// Interface texts: Italian first, English second, in i18n/<lang>.json. `t('a.b', {n: 3})` fills
// {n}-style variables. The chosen language is remembered in localStorage.

const LANGS = ['it', 'en'];
let lang = 'it';
let texts = {};
let fallback = {};

export const currentLang = () => lang;
export const otherLang = () => (lang === 'it' ? 'en' : 'it');

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
export const num = (n) => new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB').format(n ?? 0);

/** A date-time shown in the comune's timezone. */
export function dateTime(iso, timeZone) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A date (no time) in the comune's timezone. */
export function dateOnly(iso, timeZone) {
  return new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { day: 'numeric', month: 'short', timeZone }).format(new Date(iso));
}
