import type { Category } from '../../core/internal.js';
import { qrPath, qrSvg } from '../../adapters/telegram/qr.js';
import { labelOf, layout, type PageContext } from './archive-pages.js';
import type { ChannelJoin } from './join-links.js';
import { publicText } from './public-texts.js';
import { escapeHtml as h, escapeXml as x } from './xml-escape.js';

/**
 * The comune's join page: every channel with its link, its QR code (the same `qrcode` settings as the
 * Telegram posters: error correction M) and its poster; with `?category=` every link subscribes to it.
 *
 * @example
 * reply.type('text/html; charset=utf-8').send(await joinPage(page, links, '/join/esempio', eventi));
 */
export async function joinPage(page: PageContext, links: readonly ChannelJoin[], joinPath: string, category?: Category): Promise<string> {
  const { comune, locale } = page;
  const t = (key: string, vars: Record<string, string> = {}) => publicText(locale, key, { comune: comune.tenant.name, ...vars });
  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams({ ...extra, ...(category ? { category: category.key } : {}), lang: locale });
    return `?${params.toString()}`;
  };
  const sections = await Promise.all(links.map(async (link) => {
    const svg = (await qrSvg(link.url)).replace(/^<\?xml[^>]*>\s*/, '')
      .replace('<svg ', `<svg role="img" aria-label="${h(t('join.qr', { channel: link.title, url: link.url }))}" class="qr" `);
    return `<section class="channel" data-channel="${h(link.channel)}">
<h2>${h(link.title)}</h2>
${svg}
<p><a href="${h(link.url)}" class="join-link">${h(t('join.open', { channel: link.title }))}</a></p>
${link.handle ? `<p>${h(t('join.search', { handle: link.handle }))}</p>` : ''}
<p><a href="${h(`${joinPath}/poster${query({ channel: link.channel, account: link.account })}`)}">${h(t('join.poster'))}</a></p>
</section>`;
  }));
  const body = `<p>${h(t('join.intro'))}</p>
${category ? `<p>${h(t('join.category_intro', { category: labelOf(category, locale) }))}</p>` : ''}
${links.length === 0 ? `<p>${h(t('join.none'))}</p>` : `<div class="channels">\n${sections.join('\n')}\n</div>
<p><a href="${h(`${joinPath}/poster${query({})}`)}">${h(t('join.poster_all'))}</a></p>`}
<style>.channels { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1.5rem; } .qr { width: 12rem; height: 12rem; display: block; }</style>`;
  return layout(page, t('join.title'), '', body);
}

/** The most channels one poster carries. */
export const POSTER_MAX = 6;

/**
 * A printable A4 poster (SVG, 210 × 297 mm) for one channel or for all of them: the comune's name, one
 * QR code per channel with its name and handle, three short steps in the page's language. Vector only,
 * every text escaped.
 *
 * @example
 * reply.type('image/svg+xml').send(joinPoster(page, links, eventi));
 */
export function joinPoster(page: PageContext, links: readonly ChannelJoin[], category?: Category): string {
  const { comune, locale } = page;
  const t = (key: string, vars: Record<string, string> = {}) => publicText(locale, key, { comune: comune.tenant.name, ...vars });
  const colour = comune.settings.colour;
  const font = 'font-family="Helvetica, Arial, sans-serif"';
  // Six codes fit one sheet with room to scan each; a comune with more prints one poster per channel.
  links = links.slice(0, POSTER_MAX);
  const single = links.length === 1;
  const columns = single ? 1 : links.length <= 4 ? 2 : 3;
  const qrMm = single ? 120 : links.length <= 2 ? 80 : links.length <= 4 ? 62 : 50;
  const cellW = 210 / columns;
  const rowH = qrMm + 22;
  const top = 84;
  const cells = links.map((link, i) => {
    const { size, path } = qrPath(link.url);
    const cx = cellW * (i % columns) + cellW / 2;
    const y = top + Math.floor(i / columns) * rowH;
    return [
      `  <text x="${cx}" y="${y}" text-anchor="middle" ${font} font-size="7" font-weight="bold" fill="#1a1a1a">${x(link.title)}</text>`,
      `  <svg x="${cx - qrMm / 2}" y="${y + 3}" width="${qrMm}" height="${qrMm}" viewBox="-4 -4 ${size + 8} ${size + 8}" shape-rendering="crispEdges" data-url="${x(link.url)}">`,
      `    <rect x="-4" y="-4" width="${size + 8}" height="${size + 8}" fill="#ffffff"/>`,
      `    <path d="${path}" fill="#000000"/>`,
      '  </svg>',
      `  <text x="${cx}" y="${y + qrMm + 9}" text-anchor="middle" ${font} font-size="4.5" fill="#1a1a1a">${x(link.handle ?? link.url)}</text>`,
    ].join('\n');
  });
  const stepsY = Math.min(250, top + Math.ceil(links.length / columns) * rowH + 4);
  const steps = ['poster.step1', 'poster.step2', 'poster.step3'].map((key, i) =>
    `  <text x="28" y="${stepsY + i * 8}" ${font} font-size="5.5" fill="#1a1a1a">${i + 1}. ${x(t(key))}</text>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297" role="img" aria-label="${x(`${comune.tenant.name}: ${t('poster.heading')}. ${links.map((l) => `${l.title} ${l.url}`).join(', ')}`)}">`,
    '  <rect width="210" height="297" fill="#ffffff"/>',
    `  <rect x="0" y="0" width="210" height="14" fill="${x(colour)}"/>`,
    `  <text x="105" y="36" text-anchor="middle" ${font} font-size="13" font-weight="bold" fill="#1a1a1a">${x(comune.tenant.name)}</text>`,
    `  <text x="105" y="52" text-anchor="middle" ${font} font-size="9" fill="#1a1a1a">${x(t('poster.heading'))}</text>`,
    category ? `  <text x="105" y="66" text-anchor="middle" ${font} font-size="8" font-weight="bold" fill="#1a1a1a">${x(t('poster.category', { category: labelOf(category, locale) }))}</text>` : '',
    ...cells,
    ...steps,
    `  <text x="105" y="288" text-anchor="middle" ${font} font-size="3.5" fill="#444444">${x(t('poster.footer'))}</text>`,
    '</svg>',
    '',
  ].filter(Boolean).join('\n');
}
