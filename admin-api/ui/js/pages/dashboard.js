// Dashboard: people connected, subscribers per category, notices sent over time (SVG chart with a
// data table alternative) and the latest notices with their outcomes.
import { api } from '../api.js';
import { h, s } from '../dom.js';
import { dateOnly, dateTime, num, t } from '../i18n.js';
import { audienceSection } from '../audience.js';
import { loadCategories, statusBadge } from '../notice-common.js';

const DAYS = 30;

export async function render(ctx) {
  ctx.title(t('dashboard.title'));
  const main = ctx.main;
  const [stats, categories] = await Promise.all([
    api('GET', ctx.tp('/stats')),
    ctx.can('categories.read') ? loadCategories(ctx).catch(() => []) : Promise.resolve([]),
  ]);
  // The heading comes with the figures, not before them: a page that announces "Cruscotto" and then
  // fills in is read twice by a screen reader (and half-read by anyone quick).
  main.append(h('h1', {}, t('dashboard.title')));
  const label = (key) => categories.find((c) => c.key === key)?.label ?? key;

  const channels = stats.identities.map((i) => h('li', {}, `${t(`channels.names.${i.channel}`)}: ${num(i.active)}`));
  main.append(h('div', { class: 'grid' },
    h('section', { class: 'card', 'aria-labelledby': 'kpi-people' },
      h('h2', { id: 'kpi-people', class: 'kpi-label' }, t('dashboard.people')),
      h('p', { class: 'kpi' }, num(stats.people)),
      channels.length ? h('ul', { class: 'muted' }, channels) : null),
    h('section', { class: 'card', 'aria-labelledby': 'kpi-subs' },
      h('h2', { id: 'kpi-subs', class: 'kpi-label' }, t('dashboard.subscriptions')),
      h('p', { class: 'kpi' }, num(stats.subscribers.reduce((sum, x) => sum + x.count, 0))),
      h('p', { class: 'muted' }, t('dashboard.subscriptionsHint')))));

  main.append(h('section', { class: 'card' },
    h('h2', {}, t('dashboard.perCategory')),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('dashboard.category')), h('th', { scope: 'col', class: 'num' }, t('dashboard.subscribers')))),
      h('tbody', {}, stats.subscribers.map((x) => h('tr', {}, h('th', { scope: 'row' }, label(x.category)), h('td', { class: 'num' }, num(x.count)))))))));

  const audience = await audienceSection(ctx);
  if (audience) main.append(audience);

  const over = h('section', { class: 'card', 'aria-labelledby': 'over-time' }, h('h2', { id: 'over-time' }, t('dashboard.overTime', { days: DAYS })));
  main.append(over);
  over.append(chart(ctx, stats.noticesSent ?? []));

  // `recentNotices` comes only to users who may read notices (GET /stats leaves it out otherwise).
  if (!ctx.can('notices.read') || !stats.recentNotices) return;
  const recent = h('section', { class: 'card', 'aria-labelledby': 'recent' }, h('h2', { id: 'recent' }, t('dashboard.recent')));
  main.append(recent);
  if (!stats.recentNotices.length) { recent.append(h('p', { class: 'muted' }, t('notices.empty'))); return; }
  const counted = (n) => n.status === 'sent' || n.status === 'sending';
  const rows = stats.recentNotices.map((n) => h('tr', {},
    h('th', { scope: 'row' }, h('a', { href: `#/notices/${n.id}` }, n.title)),
    h('td', {}, statusBadge(n.status)),
    h('td', {}, dateTime(n.sentAt ?? n.scheduledAt ?? n.updatedAt, ctx.timeZone)),
    h('td', { class: 'num' }, counted(n) ? num(n.audience) : '—'),
    h('td', { class: 'num' }, counted(n) ? num(n.sent) : '—'),
    h('td', { class: 'num' }, counted(n) ? num(n.failed) : '—')));
  recent.append(h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, ...['notices.titleCol', 'notices.statusCol', 'notices.whenCol'].map((k) => h('th', { scope: 'col' }, t(k))),
      ...['notices.audienceCol', 'notices.sentCol', 'notices.failedCol'].map((k) => h('th', { scope: 'col', class: 'num' }, t(k))))),
    h('tbody', {}, rows))),
  h('p', {}, h('a', { href: '#/notices' }, t('dashboard.allNotices'))));
}

/**
 * Bars per day (SVG, role=img with a summary) plus the same data as a table. `perDay` is the API's
 * series: every day of the window in the comune's timezone, oldest first.
 */
function chart(ctx, perDay) {
  // Noon UTC of each local day: formatting it in the comune's timezone gives back the same date.
  const days = perDay.map((d) => ({ key: d.day, date: new Date(`${d.day}T12:00:00Z`), count: d.count }));
  const total = days.reduce((sum, d) => sum + d.count, 0);
  const max = Math.max(1, ...days.map((d) => d.count));
  const W = 720, H = 200, pad = 28, bw = (W - pad * 2) / Math.max(1, days.length);
  const summary = t('dashboard.chartSummary', { total: num(total), days: days.length, max: num(Math.max(0, ...days.map((d) => d.count))) });
  const svg = s('svg', { viewBox: `0 0 ${W} ${H + 24}`, role: 'img', 'aria-label': summary },
    s('line', { class: 'axis', x1: pad, y1: H, x2: W - pad, y2: H }),
    s('text', { x: 2, y: 12 }, String(max)),
    s('text', { x: 2, y: H }, '0'),
    days.map((d, i) => {
      const height = (d.count / max) * (H - 20);
      return s('rect', { class: 'bar', x: pad + i * bw + 2, y: H - height, width: Math.max(1, bw - 4), height },
        s('title', {}, `${dateOnly(d.date, ctx.timeZone)}: ${d.count}`));
    }),
    days.filter((_, i) => i % 7 === 0 || i === days.length - 1).map((d) => {
      const i = days.indexOf(d);
      return s('text', { x: pad + i * bw, y: H + 16 }, dateOnly(d.date, ctx.timeZone));
    }));
  const table = h('table', {},
    h('caption', {}, t('dashboard.chartTable')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('dashboard.day')), h('th', { scope: 'col', class: 'num' }, t('dashboard.noticesSent')))),
    h('tbody', {}, days.filter((d) => d.count > 0).map((d) => h('tr', {}, h('th', { scope: 'row' }, dateOnly(d.date, ctx.timeZone)), h('td', { class: 'num' }, num(d.count))))));
  return h('div', { class: 'chart' },
    h('p', {}, summary),
    svg,
    h('details', {}, h('summary', {}, t('dashboard.showTable')), total ? table : h('p', {}, t('dashboard.noneSent'))));
}
