// Audit log of the comune, newest first, filterable by action and target, older pages on demand.
import { api } from '../api.js';
import { h } from '../dom.js';
import { dateTime, t } from '../i18n.js';

const PAGE = 50;

export async function render(ctx) {
  ctx.title(t('audit.title'));
  const action = h('input', { type: 'text', id: 'audit-action', name: 'action' });
  const target = h('input', { type: 'text', id: 'audit-target', name: 'target' });
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'btn', hidden: true }, t('audit.older'));
  let before = null;
  const load = async (reset) => {
    if (reset) { body.replaceChildren(); before = null; }
    const q = new URLSearchParams({ limit: String(PAGE), ...(before ? { before: String(before) } : {}), ...(action.value.trim() ? { action: action.value.trim() } : {}), ...(target.value.trim() ? { target: target.value.trim() } : {}) });
    const rows = await api('GET', `${ctx.tp('/audit')}?${q}`);
    for (const r of rows) {
      body.append(h('tr', {},
        h('td', {}, dateTime(r.createdAt, ctx.timeZone)), h('td', {}, r.userEmail), h('td', {}, r.action),
        h('td', {}, r.target, r.targetId ? ` #${r.targetId}` : ''), h('td', {}, h('code', {}, `${r.method} ${r.path}`)), h('td', { class: 'num' }, String(r.status))));
    }
    before = rows.at(-1)?.id ?? before;
    more.hidden = rows.length < PAGE;
    if (!body.children.length) body.append(h('tr', {}, h('td', { colspan: 6 }, t('audit.empty'))));
  };
  more.addEventListener('click', () => load(false));
  ctx.main.append(h('h1', {}, t('audit.title')),
    h('form', { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); load(true); } },
      h('label', { for: 'audit-action' }, t('audit.action')), action,
      h('label', { for: 'audit-target' }, t('audit.target')), target,
      h('button', { type: 'submit', class: 'btn btn-small' }, t('audit.filter'))),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', { class: 'visually-hidden' }, t('audit.title')),
      h('thead', {}, h('tr', {}, ...['audit.when', 'audit.who', 'audit.action', 'audit.target', 'audit.request', 'audit.status'].map((k) => h('th', { scope: 'col' }, t(k))))),
      body)),
    more);
  await load(true);
}
