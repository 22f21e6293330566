// Report settings (#/reports/settings): the duplicate distance and how long closed reports are kept,
// with the categories and the office each is routed to. Settings are the whole comune's: an office
// member (modules/reports/service/report-access.ts) reads them with a notice instead of a form the
// server would refuse with 403.
import { api } from '../api.js';
import { announce, h } from '../dom.js';
import { clearErrors, field, say, showErrors, statusArea } from '../form.js';
import { num, t } from '../i18n.js';

/**
 * @example
 * if (params[0] === 'settings') return settingsPage(ctx, await myOffices(ctx));
 */
export async function settingsPage(ctx, offices) {
  ctx.title(t('reports.settings.title'));
  const area = statusArea();
  const [settings, allOffices] = await Promise.all([api('GET', ctx.tp('/reports/settings')), api('GET', ctx.tp('/reports/offices'))]);
  const officeName = (id) => allOffices.find((o) => o.id === id)?.name ?? t('reports.settings.noOffice');
  const editable = ctx.can('reports.write') && offices.length === 0;
  const notice = offices.length
    ? h('div', { class: 'alert', role: 'note', 'data-scope': 'office' }, t('reports.settings.comuneWide', { offices: offices.map((o) => o.name).join(', ') }))
    : null;
  const categories = h('section', { class: 'card', 'aria-labelledby': 'rs-categories' },
    h('h2', { id: 'rs-categories' }, t('reports.settings.categories')),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('reports.col.category')), h('th', { scope: 'col' }, t('reports.settings.office')))),
      h('tbody', {}, settings.categories.map((c) => h('tr', {}, h('td', {}, c.name[ctx.locale] ?? c.name.it ?? c.code), h('td', {}, c.officeId ? officeName(c.officeId) : t('reports.settings.noOffice')))))));
  ctx.main.append(h('p', {}, h('a', { href: '#/reports' }, t('reports.back'))), h('h1', {}, t('reports.settings.title')), notice, area,
    editable ? form(ctx, settings, area) : summary(settings), categories);
}

/** The values as text, for whoever may not change them. */
function summary(settings) {
  return h('section', { class: 'card', 'aria-labelledby': 'rs-values' },
    h('h2', { id: 'rs-values' }, t('reports.settings.values')),
    h('dl', {},
      h('dt', {}, t('reports.settings.duplicateDistance')), h('dd', {}, t('reports.settings.meters', { n: num(settings.duplicateDistanceMeters) })),
      h('dt', {}, t('reports.settings.retention')), h('dd', {}, t('reports.settings.days', { n: num(settings.closedRetentionDays) }))));
}

function form(ctx, settings, area) {
  const distance = h('input', { type: 'number', name: 'duplicateDistanceMeters', min: 0, max: 5000, step: 1, required: true, value: String(settings.duplicateDistanceMeters) });
  const retention = h('input', { type: 'number', name: 'closedRetentionDays', min: 1, max: 36500, step: 1, required: true, value: String(settings.closedRetentionDays) });
  const labels = { duplicateDistanceMeters: t('reports.settings.duplicateDistance'), closedRetentionDays: t('reports.settings.retention') };
  const el = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'rs-values', onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(el);
    try {
      await api('PATCH', ctx.tp('/reports/settings'), { duplicateDistanceMeters: Number(distance.value), closedRetentionDays: Number(retention.value) });
      say(area, 'success', t('reports.settings.saved'));
      announce(t('reports.settings.saved'));
    } catch (error) { showErrors(el, error, labels); }
  } },
  h('h2', { id: 'rs-values' }, t('reports.settings.values')),
  field({ label: labels.duplicateDistanceMeters, hint: t('reports.settings.duplicateHint'), control: distance }),
  field({ label: labels.closedRetentionDays, hint: t('reports.settings.retentionHint'), control: retention }),
  h('button', { type: 'submit', class: 'btn btn-primary' }, t('reports.save')));
  return el;
}
