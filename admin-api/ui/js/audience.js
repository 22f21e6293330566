// The audience numbers on the dashboard: followers per day as SVG bars (role=img with a summary) and
// the same days as a table with joins and leaves, from GET …/stats/audience (the daily snapshot).
import { api } from './api.js';
import { h, s } from './dom.js';
import { dateOnly, num, t } from './i18n.js';

/** The audience section, or null when the API has nothing to show (no stats.read, an older server). */
export async function audienceSection(ctx) {
  const series = await api('GET', ctx.tp('/stats/audience')).catch(() => null);
  if (!series) return null;
  const box = h('section', { class: 'card', 'aria-labelledby': 'audience' }, h('h2', { id: 'audience' }, t('audience.title')));
  if (!series.days.length) { box.append(h('p', { class: 'muted' }, t('audience.empty'))); return box; }
  const days = series.days.map((d) => ({ ...d, date: new Date(`${d.day}T12:00:00Z`) }));
  const last = days[days.length - 1];
  const joins = days.reduce((n, d) => n + d.joins, 0);
  const leaves = days.reduce((n, d) => n + d.leaves, 0);
  const summary = t('audience.summary', { followers: num(last.followers), joins: num(joins), leaves: num(leaves), from: dateOnly(days[0].date, ctx.timeZone) });
  const max = Math.max(1, ...days.map((d) => d.followers));
  const W = 720, H = 200, pad = 28, bw = (W - pad * 2) / days.length;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H + 24}`, role: 'img', 'aria-label': summary },
    s('line', { class: 'axis', x1: pad, y1: H, x2: W - pad, y2: H }),
    s('text', { x: 2, y: 12 }, String(max)),
    s('text', { x: 2, y: H }, '0'),
    days.map((d, i) => {
      const height = (Math.max(0, d.followers) / max) * (H - 20);
      return s('rect', { class: 'bar', x: pad + i * bw + 2, y: H - height, width: Math.max(1, bw - 4), height },
        s('title', {}, `${dateOnly(d.date, ctx.timeZone)}: ${d.followers}`));
    }),
    days.filter((_, i) => i % 7 === 0 || i === days.length - 1).map((d) => s('text', { x: pad + days.indexOf(d) * bw, y: H + 16 }, dateOnly(d.date, ctx.timeZone))));
  const table = h('table', { id: 'audience-table' },
    h('caption', {}, t('audience.table')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('dashboard.day')),
      ...['audience.followers', 'audience.joins', 'audience.leaves'].map((k) => h('th', { scope: 'col', class: 'num' }, t(k))))),
    h('tbody', {}, days.map((d) => h('tr', {}, h('th', { scope: 'row' }, dateOnly(d.date, ctx.timeZone)),
      h('td', { class: 'num' }, num(d.followers)), h('td', { class: 'num' }, num(d.joins)), h('td', { class: 'num' }, num(d.leaves))))));
  box.append(h('div', { class: 'chart' }, h('p', { id: 'audience-summary' }, summary), svg,
    h('details', {}, h('summary', {}, t('dashboard.showTable')), h('div', { class: 'table-wrap' }, table))));
  return box;
}
