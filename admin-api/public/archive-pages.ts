import { readableOnWhite, textOn } from './colours.js';
import type { PublicComune, PublicNotice } from './public-notices.js';
import { dateLocale, publicText, type PublicLocale } from './public-texts.js';
import type { PublicUrls } from './public-urls.js';
import { escapeHtml as h } from './xml-escape.js';

/** What every public page needs. */
export interface PageContext {
  readonly comune: PublicComune;
  readonly locale: PublicLocale;
  readonly urls: PublicUrls;
}

/** The category's label in the page's language. */
export function labelOf(category: { key: string; labels: Record<string, string> }, locale: string): string {
  return category.labels[locale] ?? category.labels.it ?? Object.values(category.labels)[0] ?? category.key;
}

/**
 * The public archive: sent notices, newest first, filterable by category, with the feeds announced
 * for readers and browsers. One `h1`, a skip link, real lists and `<time>`: usable with a screen reader
 * and at 400 % zoom; the comune's colour only where its contrast holds (WCAG 2.1 AA).
 *
 * @example
 * reply.type('text/html; charset=utf-8').send(archivePage(page, notices, category));
 */
export function archivePage(page: PageContext, notices: readonly PublicNotice[], category?: { key: string; labels: Record<string, string> }): string {
  const { comune, locale, urls } = page;
  const t = (key: string, vars: Record<string, string> = {}) => publicText(locale, key, { comune: comune.tenant.name, ...vars });
  const title = category ? t('archive.category_title', { category: labelOf(category, locale) }) : t('archive.title');
  const nav = [
    `<li><a href="${h(urls.archive())}"${category ? '' : ' aria-current="page"'}>${h(t('archive.all_categories'))}</a></li>`,
    ...comune.categories.filter((c) => c.active).map((c) =>
      `<li><a href="${h(urls.archive(c.key))}"${category?.key === c.key ? ' aria-current="page"' : ''}>${h(labelOf(c, locale))}</a></li>`),
  ].join('\n');
  const items = notices.map((notice) => `<li>
<article>
<h2><a href="${h(urls.notice(notice.id))}">${h(notice.title)}</a></h2>
<p class="meta">${notice.urgent ? `<strong>${h(t('notice.urgent'))}</strong> · ` : ''}<time datetime="${notice.sentAt.toISOString()}">${h(formatDate(notice.sentAt, page))}</time> · ${h(labelOf(notice.category, locale))}</p>
<p>${h(excerpt(notice.text, 280))}</p>
</article>
</li>`).join('\n');
  const body = `<nav aria-label="${h(t('archive.categories'))}"><ul class="categories">
${nav}
</ul></nav>
${notices.length > 0 ? `<ol class="notices">\n${items}\n</ol>` : `<p>${h(t('archive.empty'))}</p>`}
<p class="feeds">${h(t('archive.feeds'))} <a href="${h(urls.rss(category?.key))}">${h(t('archive.rss'))}</a> · <a href="${h(urls.atom(category?.key))}">${h(t('archive.atom'))}</a></p>`;
  const head = `<meta name="description" content="${h(t('archive.description'))}">
<link rel="alternate" type="application/rss+xml" title="${h(`${title} (RSS)`)}" href="${h(urls.rss(category?.key))}">
<link rel="alternate" type="application/atom+xml" title="${h(`${title} (Atom)`)}" href="${h(urls.atom(category?.key))}">`;
  return layout(page, title, head, body);
}

/**
 * One notice's permalink, with Open Graph (and Twitter card) tags so a shared link previews with the
 * title, the beginning of the text and the image.
 *
 * @example
 * reply.type('text/html; charset=utf-8').send(noticePage(page, notice));
 */
export function noticePage(page: PageContext, notice: PublicNotice): string {
  const { comune, locale, urls } = page;
  const t = (key: string, vars: Record<string, string> = {}) => publicText(locale, key, { comune: comune.tenant.name, ...vars });
  const summary = excerpt(notice.text, 200);
  const og = [
    ['og:type', 'article'], ['og:title', notice.title], ['og:description', summary], ['og:url', urls.notice(notice.id)],
    ['og:site_name', comune.tenant.name], ['og:locale', dateLocale(locale).replace('-', '_')],
    ['article:published_time', notice.sentAt.toISOString()], ['article:section', labelOf(notice.category, locale)],
    ...(notice.image ? [['og:image', urls.image(notice.id)], ['og:image:type', notice.image.mimeType]] : []),
  ].map(([property, content]) => `<meta property="${h(property!)}" content="${h(content!)}">`);
  const head = [
    `<meta name="description" content="${h(summary)}">`,
    `<link rel="canonical" href="${h(urls.notice(notice.id))}">`,
    ...og,
    `<meta name="twitter:card" content="${notice.image ? 'summary_large_image' : 'summary'}">`,
  ].join('\n');
  const paragraphs = notice.text.split(/\n{2,}/).map((p) => `<p>${h(p).replace(/\n/g, '<br>')}</p>`).join('\n');
  const body = `<article>
<h2>${h(notice.title)}</h2>
<p class="meta">${notice.urgent ? `<strong>${h(t('notice.urgent'))}</strong> · ` : ''}<time datetime="${notice.sentAt.toISOString()}">${h(t('notice.sent', { date: formatDate(notice.sentAt, page) }))}</time> · ${h(t('notice.category', { category: labelOf(notice.category, locale) }))}</p>
${notice.image ? `<img src="${h(urls.image(notice.id))}" alt="" class="picture">` : ''}
${paragraphs}
${notice.linkUrl ? `<p><a href="${h(notice.linkUrl)}" rel="noopener">${h(t('notice.link'))}</a></p>` : ''}
${notice.document ? `<p><a href="${h(urls.document(notice.id))}" type="application/pdf">${h(t('notice.document'))}</a></p>` : ''}
</article>
<p><a href="${h(urls.archive())}">${h(t('notice.back'))}</a></p>`;
  return layout(page, `${notice.title} – ${comune.tenant.name}`, head, body, t('archive.title'));
}

/** The page frame of every public page: language, skip link, the comune's header (colour, logo), main. */
export function layout(page: PageContext, title: string, head: string, body: string, heading = title): string {
  const { comune, locale } = page;
  const colour = comune.settings.colour;
  const link = readableOnWhite(colour) ? colour : '#1a1a1a';
  const logo = comune.settings.logoUrl
    ? `<img src="${h(comune.settings.logoUrl)}" alt="${h(publicText(locale, 'archive.logo', { comune: comune.tenant.name }))}" class="logo">`
    : '';
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
${head}
<style>
  body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #fff; }
  .skip { position: absolute; left: -10000px; } .skip:focus { position: static; display: inline-block; padding: .5rem; }
  header { background: ${colour}; color: ${textOn(colour)}; padding: 1rem; display: flex; gap: 1rem; align-items: center; }
  header h1 { margin: 0; font-size: 1.5rem; } .logo { height: 3rem; width: auto; }
  main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
  a { color: ${link}; } a:focus-visible { outline: 3px solid ${link}; outline-offset: 2px; }
  .categories { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem 1rem; }
  .notices { list-style: none; padding: 0; } .notices li { border-bottom: 1px solid #767676; padding: .5rem 0; }
  h2 { font-size: 1.25rem; margin: .25rem 0; } .meta { color: #4a4a4a; margin: 0; }
  .picture { max-width: 100%; height: auto; }
</style>
</head>
<body>
<a class="skip" href="#content">${h(publicText(locale, 'archive.skip'))}</a>
<header>${logo}<h1>${h(heading)}</h1></header>
<main id="content">
${body}
</main>
</body>
</html>
`;
}

function formatDate(date: Date, page: PageContext): string {
  return new Intl.DateTimeFormat(dateLocale(page.locale), { day: 'numeric', month: 'long', year: 'numeric', timeZone: page.comune.tenant.timezone }).format(date);
}

/** The first `max` characters, cut at a word. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}
