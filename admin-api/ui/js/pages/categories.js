// Categories: labels per language, order, urgent by default, active. Deleting works only for a
// category without notices (the API says so); deactivating hides it from citizens instead.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { clearErrors, confirmDialog, field, problemText, say, showErrors, statusArea } from '../form.js';
import { currentLang, t } from '../i18n.js';

export async function render(ctx) {
  ctx.title(t('categories.title'));
  const area = statusArea();
  const list = h('div');
  const write = ctx.can('categories.write');
  ctx.main.append(h('h1', {}, t('categories.title')), h('p', { class: 'muted' }, t('categories.intro')), area, list);
  if (write) ctx.main.append(addForm());

  async function load() {
    const rows = await api('GET', ctx.tp('/categories'));
    const label = (c) => c.labels[currentLang()] ?? c.labels.it ?? c.key;
    const move = async (index, delta) => {
      const ids = rows.map((c) => c.id);
      [ids[index], ids[index + delta]] = [ids[index + delta], ids[index]];
      try { await api('PUT', ctx.tp('/categories/order'), { ids }); await load(); say(area, 'success', t('categories.reordered')); } catch (error) { say(area, 'danger', problemText(error)); }
    };
    replace(list, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', { class: 'visually-hidden' }, t('categories.title')),
      h('thead', {}, h('tr', {}, ...['categories.label', 'categories.key', 'categories.urgent', 'categories.active'].map((k) => h('th', { scope: 'col' }, t(k))), write ? h('th', { scope: 'col' }, t('notices.actionsCol')) : null)),
      h('tbody', {}, rows.map((c, i) => h('tr', {},
        h('th', { scope: 'row' }, label(c), c.labels.en && currentLang() === 'it' ? h('span', { class: 'muted', lang: 'en' }, ` (${c.labels.en})`) : null),
        h('td', {}, h('code', {}, c.key)),
        h('td', {}, c.urgentByDefault ? t('common.yes') : t('common.no')),
        h('td', {}, c.active ? t('common.yes') : t('common.no')),
        write ? h('td', {}, h('div', { class: 'actions' },
          i > 0 ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('categories.upNamed', { name: label(c) }), onclick: () => move(i, -1) }, '↑') : null,
          i < rows.length - 1 ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('categories.downNamed', { name: label(c) }), onclick: () => move(i, 1) }, '↓') : null,
          h('button', { type: 'button', class: 'btn btn-small', onclick: async () => {
            try { await api('PATCH', ctx.tp(`/categories/${c.id}`), { active: !c.active }); await load(); } catch (error) { say(area, 'danger', problemText(error)); }
          } }, c.active ? t('categories.deactivate') : t('categories.activate')),
          h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': t('categories.deleteNamed', { name: label(c) }), onclick: async () => {
            if (!(await confirmDialog({ title: t('categories.deleteTitle'), body: label(c), confirm: t('common.delete'), danger: true }))) return;
            try { await api('DELETE', ctx.tp(`/categories/${c.id}`)); await load(); say(area, 'success', t('categories.deleted')); } catch (error) { say(area, 'danger', problemText(error)); }
          } }, t('common.delete')))) : null))))));
  }

  function addForm() {
    const key = h('input', { type: 'text', name: 'key', maxlength: 32, pattern: '[a-z0-9][a-z0-9-]*' });
    const it = h('input', { type: 'text', name: 'labels', lang: 'it', maxlength: 100 });
    const en = h('input', { type: 'text', name: 'labelsEn', lang: 'en', maxlength: 100 });
    const urgent = h('input', { type: 'checkbox', id: 'cat-urgent', name: 'urgentByDefault' });
    const labels = { key: t('categories.key'), labels: t('categories.labelIt') };
    const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'add-cat', onsubmit: async (e) => {
      e.preventDefault();
      clearErrors(form);
      try {
        await api('POST', ctx.tp('/categories'), { key: key.value.trim(), labels: { it: it.value.trim(), ...(en.value.trim() ? { en: en.value.trim() } : {}) }, urgentByDefault: urgent.checked });
        form.reset();
        await load();
        say(area, 'success', t('categories.added'));
      } catch (error) { showErrors(form, error, labels); }
    } },
    h('h2', { id: 'add-cat' }, t('categories.add')),
    h('div', { class: 'inline-fields' },
      field({ label: labels.key, hint: t('categories.keyHint'), control: key }),
      field({ label: labels.labels, control: it }),
      field({ label: t('categories.labelEn'), control: en })),
    h('div', { class: 'check' }, urgent, h('label', { for: 'cat-urgent' }, t('categories.urgent'))),
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('categories.add')));
    return form;
  }

  await load();
}
