// Notices: the list (status, audience, live progress while sending, cancel/edit a scheduled one,
// reopen a draft) and one notice's outcome (#/notices/<id>) with its delivery statistics.
import { api } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { confirmDialog, problemText, say, statusArea } from '../form.js';
import { dateTime, num, t } from '../i18n.js';
import { followProgress, loadCategories, normStats, progressBar, progressText, statusBadge } from '../notice-common.js';
import { outcomeSection } from '../notice-outcome.js';

const PAGE = 20;
const STATUSES = ['draft', 'scheduled', 'sending', 'sent', 'cancelled'];

export async function render(ctx, [id]) {
  return id ? detail(ctx, Number(id)) : list(ctx);
}

function flash(area) {
  const text = sessionStorage.getItem('campanile.flash');
  if (text) { sessionStorage.removeItem('campanile.flash'); say(area, 'success', text); }
}

async function list(ctx) {
  ctx.title(t('notices.title'));
  const stops = [];
  const area = statusArea();
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const status = STATUSES.includes(query.get('status')) ? query.get('status') : '';
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const filter = h('select', { id: 'status-filter', onchange: (e) => ctx.navigate(`#/notices?status=${e.target.value}`) },
    h('option', { value: '' }, t('notices.all')), STATUSES.map((x) => h('option', { value: x, selected: x === status }, t(`status.${x}`))));
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', {}, t('notices.title')), ctx.can('notices.write') ? h('a', { class: 'btn btn-primary', href: '#/compose' }, t('nav.compose')) : null),
    area,
    h('div', { class: 'toolbar' }, h('label', { for: 'status-filter' }, t('notices.filter')), filter));
  flash(area);
  const [page, categories] = await Promise.all([
    api('GET', `${ctx.tp('/notices')}?${new URLSearchParams({ ...(status ? { status } : {}), limit: PAGE, offset })}`),
    loadCategories(ctx).catch(() => []),
  ]);
  if (!page.items.length) { ctx.main.append(h('p', {}, t('notices.empty'))); return; }
  const label = (cid) => categories.find((c) => c.id === cid)?.label ?? '—';

  const rows = await Promise.all(page.items.map(async (n) => {
    const outcome = h('td', {});
    const audience = h('td', { class: 'num' }, '—');
    if (n.status === 'sending' || n.status === 'sent') {
      const st = normStats(await api('GET', ctx.tp(`/notices/${n.id}/stats`)).catch(() => null));
      if (st) {
        audience.textContent = num(st.audience);
        const bar = progressBar(t('notices.progressOf', { title: n.title }));
        bar.update(st);
        replace(outcome, bar.el);
        if (n.status === 'sending') {
          stops.push(followProgress(ctx, n.id, {
            onProgress: (s) => { bar.update(s); audience.textContent = num(s.audience); },
            onDone: (s) => { if (s) bar.update(s); announce(t('notices.doneAnnounce', { title: n.title })); },
          }));
        }
      }
    }
    const actions = h('td', {}, h('div', { class: 'actions' }, rowActions(ctx, n, area)));
    return h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: `#/notices/${n.id}` }, n.title), n.priority === 'urgent' ? [' ', h('span', { class: 'badge badge-urgent' }, t('notices.urgent'))] : null),
      h('td', {}, label(n.categoryId)),
      h('td', {}, statusBadge(n.status)),
      h('td', {}, dateTime(n.sentAt ?? n.scheduledAt ?? n.updatedAt, ctx.timeZone)),
      audience, outcome, actions);
  }));
  ctx.main.append(h('div', { class: 'table-wrap' }, h('table', {},
    h('caption', { class: 'visually-hidden' }, t('notices.title')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('notices.titleCol')), h('th', { scope: 'col' }, t('notices.categoryCol')), h('th', { scope: 'col' }, t('notices.statusCol')),
      h('th', { scope: 'col' }, t('notices.whenCol')), h('th', { scope: 'col', class: 'num' }, t('notices.audienceCol')), h('th', { scope: 'col' }, t('notices.outcomeCol')),
      h('th', { scope: 'col' }, t('notices.actionsCol')))),
    h('tbody', {}, rows))));
  const nav = h('div', { class: 'toolbar' });
  if (offset > 0) nav.append(h('a', { class: 'btn', href: `#/notices?status=${status}&offset=${Math.max(0, offset - PAGE)}` }, t('common.previous')));
  if (offset + PAGE < page.total) nav.append(h('a', { class: 'btn', href: `#/notices?status=${status}&offset=${offset + PAGE}` }, t('common.next')));
  nav.append(h('span', { class: 'muted' }, t('common.range', { from: offset + 1, to: offset + page.items.length, total: page.total })));
  ctx.main.append(nav);
  return () => stops.forEach((stop) => stop());
}

function rowActions(ctx, n, area) {
  const out = [];
  if (!ctx.can('notices.write')) return out;
  if (n.status === 'draft') out.push(h('a', { class: 'btn btn-small', href: `#/compose/${n.id}`, 'aria-label': t('notices.reopenNamed', { title: n.title }) }, t('notices.reopen')));
  if (n.status === 'scheduled') {
    out.push(h('a', { class: 'btn btn-small', href: `#/compose/${n.id}`, 'aria-label': t('notices.editNamed', { title: n.title }) }, t('notices.edit')));
    out.push(h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': t('notices.cancelNamed', { title: n.title }), onclick: async () => {
      const ok = await confirmDialog({ title: t('notices.cancelTitle'), body: t('notices.cancelBody', { title: n.title, when: dateTime(n.scheduledAt, ctx.timeZone) }), confirm: t('notices.cancelConfirm'), danger: true });
      if (!ok) return;
      try {
        await api('POST', ctx.tp(`/notices/${n.id}/cancel`));
        sessionStorage.setItem('campanile.flash', t('notices.cancelled', { title: n.title }));
        ctx.navigate(location.hash);
      } catch (error) { say(area, 'danger', problemText(error)); }
    } }, t('notices.cancel')));
  }
  if (n.status === 'draft') {
    out.push(h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': t('notices.deleteNamed', { title: n.title }), onclick: async () => {
      const ok = await confirmDialog({ title: t('notices.deleteTitle'), body: n.title, confirm: t('common.delete'), danger: true });
      if (!ok) return;
      try { await api('DELETE', ctx.tp(`/notices/${n.id}`)); ctx.navigate(location.hash); } catch (error) { say(area, 'danger', problemText(error)); }
    } }, t('common.delete')));
  }
  return out;
}

async function detail(ctx, id) {
  const area = statusArea();
  const [n, categories] = await Promise.all([api('GET', ctx.tp(`/notices/${id}`)), loadCategories(ctx).catch(() => [])]);
  ctx.title(n.title);
  ctx.main.append(h('p', {}, h('a', { href: '#/notices' }, `← ${t('notices.back')}`)), h('h1', {}, n.title), area);
  flash(area);
  ctx.main.append(h('section', { class: 'card' },
    h('dl', { class: 'dl' },
      h('dt', {}, t('notices.statusCol')), h('dd', { id: 'notice-status' }, statusBadge(n.status)),
      h('dt', {}, t('notices.categoryCol')), h('dd', {}, categories.find((c) => c.id === n.categoryId)?.label ?? '—'),
      n.scheduledAt ? [h('dt', {}, t('notices.scheduledFor')), h('dd', {}, dateTime(n.scheduledAt, ctx.timeZone))] : null,
      n.sentAt ? [h('dt', {}, t('notices.sentAt')), h('dd', {}, dateTime(n.sentAt, ctx.timeZone))] : null,
      n.author ? [h('dt', {}, t('notices.author')), h('dd', {}, n.author)] : null),
    h('p', { class: 'pre' }, n.text),
    h('div', { class: 'actions' }, rowActions(ctx, n, area))));
  if (n.status !== 'sending' && n.status !== 'sent') return undefined;

  const box = h('section', { class: 'card', 'aria-labelledby': 'outcome' }, h('h2', { id: 'outcome' }, t('notices.outcome')));
  ctx.main.append(box);
  const bar = progressBar(t('notices.progressOf', { title: n.title }));
  const counts = h('div');
  const live = h('p', { id: 'progress-live', role: 'status', 'aria-live': 'polite' });
  box.append(bar.el, live, counts);
  let lastAnnounced = -1;
  const show = (st, final) => {
    bar.update(st);
    // Announce at most every 25% (and at the end): a screen reader should not read every tick.
    const step = Math.floor(st.percent / 25);
    if (final || step > lastAnnounced) { live.textContent = progressText(st); lastAnnounced = step; }
    replace(counts, statsTables(st));
  };
  const first = normStats(await api('GET', ctx.tp(`/notices/${id}/stats`)).catch(() => null));
  if (first) show(first, n.status === 'sent');
  const perChannel = await outcomeSection(ctx, id);
  if (perChannel) ctx.main.append(perChannel);
  if (n.status === 'sent' && first && first.byStatus.pending + first.byStatus.sending === 0) return undefined;
  return followProgress(ctx, id, {
    onProgress: (st) => show(st, false),
    onDone: (st) => {
      if (st) show(st, true);
      replace(document.getElementById('notice-status') ?? h('span'), statusBadge('sent'));
      live.textContent = `${t('notices.finished')} ${st ? progressText(st) : ''}`;
    },
  });
}

function statsTables(st) {
  const channelRows = Object.entries(st.byChannel).map(([channel, c]) => h('tr', {},
    h('th', { scope: 'row' }, t(`channels.names.${channel}`)), h('td', { class: 'num' }, num(c.sent ?? 0)), h('td', { class: 'num' }, num(c.failed ?? 0)), h('td', { class: 'num' }, num((c.pending ?? 0) + (c.sending ?? 0)))));
  const failureRows = Object.entries(st.failures).filter(([, n]) => n > 0).map(([reason, n]) => h('tr', {}, h('th', { scope: 'row' }, t(`failures.${reason}`) === `failures.${reason}` ? reason : t(`failures.${reason}`)), h('td', { class: 'num' }, num(n))));
  return [
    h('dl', { class: 'dl' },
      h('dt', {}, t('notices.audienceCol')), h('dd', { id: 'stat-audience' }, num(st.audience)),
      h('dt', {}, t('notices.sentCol')), h('dd', { id: 'stat-sent' }, num(st.byStatus.sent)),
      h('dt', {}, t('notices.failedCol')), h('dd', { id: 'stat-failed' }, num(st.byStatus.failed)),
      h('dt', {}, t('notices.pendingCol')), h('dd', {}, num(st.byStatus.pending + st.byStatus.sending))),
    channelRows.length ? h('table', {}, h('caption', {}, t('notices.byChannel')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('notices.channel')), h('th', { scope: 'col', class: 'num' }, t('notices.sentCol')), h('th', { scope: 'col', class: 'num' }, t('notices.failedCol')), h('th', { scope: 'col', class: 'num' }, t('notices.pendingCol')))),
      h('tbody', {}, channelRows)) : null,
    failureRows.length ? h('table', {}, h('caption', {}, t('notices.failures')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('notices.reason')), h('th', { scope: 'col', class: 'num' }, t('notices.count')))),
      h('tbody', {}, failureRows)) : null,
  ];
}
