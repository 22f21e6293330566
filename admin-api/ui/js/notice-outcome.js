// A sent notice's outcome per channel (delivered, failed, blocked, window closed, pending) and who it
// did not reach (pseudonymous short ids), with the CSV of the whole list: GET …/outcome, …/not-reached.
import { api } from './api.js';
import { h } from './dom.js';
import { dateTime, num, t } from './i18n.js';

const COLUMNS = ['delivered', 'failed', 'blocked', 'windowClosed', 'pending'];
/** Rows shown on the page; the CSV has them all. */
const SHOWN = 50;

/** The outcome section of notice `id`, or null when the API refuses (an older server, no permission). */
export async function outcomeSection(ctx, id) {
  const [outcome, missed] = await Promise.all([
    api('GET', ctx.tp(`/notices/${id}/outcome`)).catch(() => null),
    api('GET', ctx.tp(`/notices/${id}/not-reached?limit=${SHOWN}`)).catch(() => null),
  ]);
  if (!outcome || !missed) return null;
  const box = h('section', { class: 'card', 'aria-labelledby': 'channel-outcome' }, h('h2', { id: 'channel-outcome' }, t('outcome.title')));
  const row = (label, c) => h('tr', {}, h('th', { scope: 'row' }, label), ...COLUMNS.map((k) => h('td', { class: 'num' }, num(c[k]))));
  box.append(h('div', { class: 'table-wrap' }, h('table', { id: 'outcome-table' },
    h('caption', {}, t('outcome.byChannel')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('notices.channel')), ...COLUMNS.map((k) => h('th', { scope: 'col', class: 'num' }, t(`outcome.${k}`))))),
    h('tbody', {}, Object.entries(outcome.byChannel).map(([channel, c]) => row(t(`channels.names.${channel}`), c))),
    h('tfoot', {}, row(t('outcome.total'), outcome.total)))));

  box.append(h('h3', {}, t('outcome.notReached', { n: num(missed.total) })));
  if (!missed.total) { box.append(h('p', { class: 'muted' }, t('outcome.allReached'))); return box; }
  box.append(h('p', {}, h('a', { id: 'not-reached-csv', href: `/api/v1${ctx.tp(`/notices/${id}/not-reached.csv`)}`, download: '' }, t('outcome.csv'))));
  box.append(h('div', { class: 'table-wrap' }, h('table', { id: 'not-reached-table' },
    h('caption', {}, missed.total > missed.items.length ? t('outcome.firstOf', { shown: num(missed.items.length), total: num(missed.total) }) : t('outcome.list')),
    h('thead', {}, h('tr', {}, ...['notices.channel', 'outcome.shortId', 'outcome.why', 'outcome.since'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, missed.items.map((i) => h('tr', {},
      h('td', {}, t(`channels.names.${i.channel}`)), h('td', {}, h('code', {}, i.shortId)), h('td', {}, t(`outcome.status.${i.status}`)), h('td', {}, dateTime(i.since, ctx.timeZone))))))));
  return box;
}
