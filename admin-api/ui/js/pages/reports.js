// Reports (segnalazioni): the list with status chips and filters (#/reports?status=new), and one
// report (#/reports/12, or by code #/reports/S-2026-00042 from the map) with its photos and video,
// timeline and the status form; the map view (#/reports?view=map) draws the GeoJSON export's points.
import { api } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { clearErrors, confirmDialog, field, problemText, say, showErrors, statusArea } from '../form.js';
import { dateTime, num, t } from '../i18n.js';
import { mountMap, viewSwitch } from '../map.js';
import { settingsPage } from './report-settings.js';

const STATUSES = ['new', 'acknowledged', 'in_progress', 'resolved', 'unresolvable', 'duplicate', 'rejected'];
const CHIPS = ['open', ...STATUSES, 'all'];
/** What may follow each status (the server checks it too; merge makes duplicates). */
const NEXT = {
  new: ['acknowledged', 'in_progress', 'resolved', 'unresolvable', 'rejected'],
  acknowledged: ['in_progress', 'resolved', 'unresolvable', 'rejected'],
  in_progress: ['acknowledged', 'resolved', 'unresolvable', 'rejected'],
  resolved: ['acknowledged'], unresolvable: ['acknowledged'], duplicate: ['acknowledged'], rejected: ['acknowledged'],
};

export async function render(ctx, params = []) {
  if (params[0] === 'settings') return settingsPage(ctx, await myOffices(ctx));
  if (params[0]) return detail(ctx, params[0]);
  return list(ctx);
}

async function list(ctx) {
  ctx.title(t('reports.title'));
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const status = CHIPS.includes(query.get('status')) ? query.get('status') : 'open';
  const area = statusArea();
  const [counts, settings, offices] = await Promise.all([api('GET', ctx.tp('/reports/counts')), api('GET', ctx.tp('/reports/settings')), myOffices(ctx)]);
  const filters = new URLSearchParams();
  if (status !== 'all') filters.set('status', status);
  for (const key of ['category', 'q', 'from', 'to', 'bbox']) if (query.get(key)) filters.set(key, query.get(key));
  const view = query.get('view') === 'map' ? 'map' : 'list';
  const viewHref = (v) => { const next = new URLSearchParams(query); if (v === 'map') next.set('view', 'map'); else { next.delete('view'); next.delete('bbox'); } return `#/reports?${next}`; };
  const go = (changes) => {
    const next = new URLSearchParams(query);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v); else next.delete(k);
    ctx.navigate(`#/reports?${next}`);
  };
  const chips = h('ul', { class: 'chips', 'aria-label': t('reports.byStatus') }, CHIPS.map((c) => h('li', {},
    h('a', { href: `#/reports?${new URLSearchParams({ ...Object.fromEntries(query), status: c })}`, ...(c === status ? { 'aria-current': 'true' } : {}) },
      t(`reports.status.${c}`), c === 'new' && counts.new ? ` (${num(counts.new)})` : ''))));
  const category = h('select', { id: 'reports-category', onchange: (e) => go({ category: e.target.value }) },
    h('option', { value: '' }, t('reports.allCategories')),
    settings.categories.map((c) => h('option', { value: c.code, selected: query.get('category') === c.code }, c.name[ctx.locale] ?? c.name.it ?? c.code)));
  const text = h('input', { id: 'reports-q', type: 'search', value: query.get('q') ?? '', maxlength: 200 });
  const search = h('form', { class: 'toolbar', role: 'search', onsubmit: (e) => { e.preventDefault(); go({ q: text.value.trim() }); } },
    h('label', { for: 'reports-category' }, t('reports.category')), category,
    h('label', { for: 'reports-q' }, t('reports.search')), text,
    h('button', { type: 'submit', class: 'btn btn-small' }, t('reports.searchButton')));
  const exportQuery = filters.toString();
  const exports = h('p', {},
    h('a', { class: 'btn btn-small', href: `/api/v1${ctx.tp('/reports/export.csv')}${exportQuery ? `?${exportQuery}` : ''}`, download: '' }, t('reports.exportCsv')), ' ',
    h('a', { class: 'btn btn-small', href: `/api/v1${ctx.tp('/reports/export.geojson')}${exportQuery ? `?${exportQuery}` : ''}`, download: '' }, t('reports.exportGeoJson')),
    ctx.can('reports.write') ? [' ', h('a', { class: 'btn btn-small', href: '#/reports/settings' }, t('reports.settings.title'))] : null);
  const table = h('div');
  const scope = offices.length ? h('p', { class: 'alert', 'data-scope': 'office' }, t('reports.officeScope', { offices: offices.map((o) => o.name).join(', ') })) : null;
  ctx.main.append(h('h1', {}, t('reports.title')), h('p', { class: 'muted' }, t('reports.intro', { n: num(counts.open) })), scope, area, viewSwitch(viewHref('list'), viewHref('map'), view), chips, search, exports, table);
  if (view === 'map') return reportsMap(ctx, { table, area, filters, settings, go, bbox: query.get('bbox') });
  try {
    const page = await api('GET', `${ctx.tp('/reports/reports')}?${filters}&limit=100`);
    if (!page.items.length) { replace(table, h('p', {}, t('reports.empty'))); return; }
    const name = (code) => { const c = settings.categories.find((x) => x.code === code); return c ? (c.name[ctx.locale] ?? c.name.it) : code; };
    replace(table, h('p', { class: 'muted' }, t('reports.shown', { n: num(page.items.length), total: `${num(page.total)}${page.totalCapped ? '+' : ''}` })),
      h('table', {}, h('caption', { class: 'visually-hidden' }, t('reports.title')),
        h('thead', {}, h('tr', {}, ['code', 'category', 'statusCol', 'place', 'created'].map((k) => h('th', { scope: 'col' }, t(`reports.col.${k}`))))),
        h('tbody', {}, page.items.map((r) => h('tr', {},
          h('td', {}, h('a', { href: `#/reports/${r.id}` }, r.code)),
          h('td', {}, name(r.category)),
          h('td', {}, h('span', { class: `badge badge-${r.status}` }, t(`reports.status.${r.status}`))),
          h('td', {}, r.address ?? (r.latitude !== null ? `${r.latitude.toFixed(5)}, ${r.longitude.toFixed(5)}` : '')),
          h('td', {}, dateTime(r.createdAt, ctx.timeZone)))))));
  } catch (error) { say(area, 'danger', problemText(error)); }
}

/** The offices that limit what this user sees (none: the whole comune), as the server applies them. */
export async function myOffices(ctx) {
  return (await api('GET', ctx.tp('/reports/access'))).offices;
}

/** The filtered reports on the map; "search this area" narrows the list's filters to the visible box. */
async function reportsMap(ctx, { table, area, filters, settings, go, bbox }) {
  try {
    const collection = await api('GET', `${ctx.tp('/reports/export.geojson')}?${filters}`);
    const name = (code) => { const c = settings.categories.find((x) => x.code === code); return c ? (c.name[ctx.locale] ?? c.name.it) : code; };
    if (bbox) area.append(h('p', {}, t('map.areaActive'), ' ', h('a', { href: '#', onclick: (e) => { e.preventDefault(); go({ bbox: null }); } }, t('map.wholeArea'))));
    return await mountMap(table, {
      features: collection.features, label: t('reports.title'), onArea: (box) => go({ bbox: box }),
      describe: (f) => ({ label: f.properties.code, href: `#/reports/${encodeURIComponent(f.properties.code)}`, details: [name(f.properties.category), t(`reports.status.${f.properties.status}`), f.properties.address] }),
    });
  } catch (error) { say(area, 'danger', problemText(error)); return undefined; }
}

/** A numeric id as it is; a public code (the map's links) through the list's text search. */
async function reportId(ctx, ref) {
  if (/^\d+$/.test(ref)) return ref;
  const page = await api('GET', `${ctx.tp('/reports/reports')}?${new URLSearchParams({ q: ref, limit: '5' })}`);
  const found = page.items.find((r) => r.code === ref);
  if (!found) throw new Error(t('map.notFound', { code: ref }));
  return String(found.id);
}

async function detail(ctx, ref) {
  const area = statusArea();
  const box = h('div');
  ctx.main.append(h('p', {}, h('a', { href: '#/reports' }, t('reports.back'))), box);
  const load = async () => {
    const r = await api('GET', ctx.tp(`/reports/reports/${await reportId(ctx, ref)}`));
    ctx.title(r.code);
    const mediaUrl = (m) => `/api/v1${ctx.tp(`/reports/reports/${r.id}/media/${encodeURIComponent(m.id)}`)}`;
    const place = r.latitude !== null
      ? h('a', { href: `https://www.openstreetmap.org/?mlat=${r.latitude}&mlon=${r.longitude}#map=18/${r.latitude}/${r.longitude}`, rel: 'noopener', target: '_blank' }, `${r.latitude.toFixed(5)}, ${r.longitude.toFixed(5)}`)
      : (r.address ?? '');
    replace(box,
      h('h1', {}, r.code, ' ', h('span', { class: `badge badge-${r.status}` }, t(`reports.status.${r.status}`))),
      area,
      h('section', { class: 'card', 'aria-labelledby': 'r-what' },
        h('h2', { id: 'r-what' }, t('reports.what')),
        h('p', {}, r.description),
        h('dl', {},
          h('dt', {}, t('reports.col.category')), h('dd', {}, r.category),
          h('dt', {}, t('reports.col.place')), h('dd', {}, place, r.address && r.latitude !== null ? ` · ${r.address}` : ''),
          h('dt', {}, t('reports.col.created')), h('dd', {}, dateTime(r.createdAt, ctx.timeZone)),
          h('dt', {}, t('reports.followers')), h('dd', {}, num(r.followers)),
          h('dt', {}, t('reports.reporter')), h('dd', {}, r.hasReporter ? t('reports.reporterLinked') : t('reports.reporterNone'))),
        r.media.length ? h('div', { class: 'report-media' }, r.media.map((m, i) => m.kind === 'video'
          ? h('video', { src: mediaUrl(m), controls: true, preload: 'metadata', 'aria-label': t('reports.videoN', { n: i + 1 }) })
          : h('a', { href: mediaUrl(m), target: '_blank', rel: 'noopener' }, h('img', { src: mediaUrl(m), alt: t('reports.photoN', { n: i + 1, code: r.code }), loading: 'lazy', width: 240 })))) : h('p', { class: 'muted' }, t('reports.noMedia'))),
      visibilityCard(r),
      ctx.can('reports.write') ? statusForm(r) : null,
      h('section', { class: 'card', 'aria-labelledby': 'r-time' },
        h('h2', { id: 'r-time' }, t('reports.timeline')),
        h('ol', {}, r.timeline.map((e) => h('li', {},
          h('strong', {}, dateTime(e.at, ctx.timeZone)), ' · ', t(`reports.event.${e.kind}`),
          // A visibility event's toStatus is 'hidden' or 'public', not a workflow status.
          e.toStatus ? ` → ${t(e.kind === 'visibility' ? `reports.visibility.${e.toStatus}` : `reports.status.${e.toStatus}`)}` : '', e.actor ? ` · ${e.actor}` : '',
          e.message ? h('p', {}, t('reports.toCitizen'), ' ', e.message) : null,
          e.note ? h('p', { class: 'muted' }, t('reports.internal'), ' ', e.note) : null)))));
  };

  /** Whether the report is on the public Open311 API; with reports.write, hide it or publish it again. */
  function visibilityCard(r) {
    const state = r.hidden ? 'hidden' : 'public';
    const note = h('textarea', { name: 'visibility-note', rows: 2, maxlength: 2000 });
    const labels = { note: t('reports.internalNote') };
    const form = ctx.can('reports.write') ? h('form', { novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      clearErrors(form);
      const hide = !r.hidden;
      const ok = await confirmDialog({
        title: t(hide ? 'reports.visibility.hideTitle' : 'reports.visibility.publishTitle', { code: r.code }),
        body: t(hide ? 'reports.visibility.hideBody' : 'reports.visibility.publishBody'),
        confirm: t(hide ? 'reports.visibility.hide' : 'reports.visibility.publish'), danger: hide,
      });
      if (!ok) return;
      try {
        await api('POST', ctx.tp(`/reports/reports/${r.id}/visibility`), { hidden: hide, note: note.value.trim() || null });
        const done = t(hide ? 'reports.visibility.hiddenDone' : 'reports.visibility.publishedDone', { code: r.code });
        await load();
        say(area, 'success', done);
        announce(done);
      } catch (error) { showErrors(form, error, labels); }
    } },
    field({ label: labels.note, hint: t('reports.noteHint'), control: note }),
    h('button', { type: 'submit', class: r.hidden ? 'btn btn-primary' : 'btn btn-danger' }, t(r.hidden ? 'reports.visibility.publish' : 'reports.visibility.hide'))) : null;
    return h('section', { class: 'card', 'aria-labelledby': 'r-visibility' },
      h('h2', { id: 'r-visibility' }, t('reports.visibility.title')),
      h('p', {}, h('span', { class: `badge badge-visibility-${state}`, 'data-visibility': state }, t(`reports.visibility.${state}`)), ' ', t(`reports.visibility.${state}Hint`)),
      form);
  }

  function statusForm(r) {
    const select = h('select', { name: 'status', required: true }, (NEXT[r.status] ?? []).map((s) => h('option', { value: s }, t(`reports.status.${s}`))));
    const message = h('textarea', { name: 'message', rows: 3, maxlength: 1000 });
    const note = h('textarea', { name: 'note', rows: 2, maxlength: 2000 });
    const labels = { status: t('reports.newStatus'), message: t('reports.messageToCitizen'), note: t('reports.internalNote') };
    const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'r-status', onsubmit: async (e) => {
      e.preventDefault();
      clearErrors(form);
      try {
        await api('POST', ctx.tp(`/reports/reports/${r.id}/status`), { status: select.value, message: message.value.trim() || null, note: note.value.trim() || null });
        const done = t('reports.changed', { status: t(`reports.status.${select.value}`) });
        await load();
        say(area, 'success', done);
        announce(done);
      } catch (error) { showErrors(form, error, labels); }
    } },
    h('h2', { id: 'r-status' }, t('reports.changeStatus')),
    field({ label: labels.status, control: select }),
    field({ label: labels.message, hint: t('reports.messageHint'), control: message }),
    field({ label: labels.note, hint: t('reports.noteHint'), control: note }),
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('reports.save')));
    return form;
  }

  try { await load(); } catch (error) { ctx.title(t('reports.title')); replace(box, h('h1', {}, t('reports.title')), h('div', { class: 'alert alert-danger', role: 'alert' }, problemText(error))); }
}
