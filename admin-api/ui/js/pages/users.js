// Users and roles of the comune: create, change role, deactivate (sessions end at once), remove.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { clearErrors, confirmDialog, field, problemText, say, showErrors, statusArea } from '../form.js';
import { t } from '../i18n.js';

const ROLES = ['mayor', 'editor', 'operator', 'staff-manager'];

export async function render(ctx) {
  ctx.title(t('users.title'));
  const area = statusArea();
  const list = h('div');
  const write = ctx.can('users.write');
  ctx.main.append(h('h1', {}, t('users.title')), area, list);
  const roles = await api('GET', '/roles').catch(() => null);
  if (roles) {
    ctx.main.append(h('details', { class: 'card' }, h('summary', {}, t('users.rolesHelp')),
      h('dl', { class: 'dl' }, roles.roles.filter((r) => r.role !== 'superadmin').map((r) => [h('dt', {}, t(`roles.${r.role}`)), h('dd', {}, r.permissions.join(', ') || '—')]))));
  }
  if (write) ctx.main.append(addForm());

  async function load() {
    const rows = await api('GET', ctx.tp('/users'));
    const patch = async (u, body, done) => {
      try { await api('PATCH', ctx.tp(`/users/${u.id}`), body); say(area, 'success', done); await load(); } catch (error) { say(area, 'danger', problemText(error)); }
    };
    replace(list, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', { class: 'visually-hidden' }, t('users.title')),
      h('thead', {}, h('tr', {}, ...['users.email', 'users.name', 'users.role', 'users.active'].map((k) => h('th', { scope: 'col' }, t(k))), write ? h('th', { scope: 'col' }, t('notices.actionsCol')) : null)),
      h('tbody', {}, rows.map((u) => {
        const self = u.id === ctx.me.id;
        const role = h('select', { 'aria-label': t('users.roleOf', { email: u.email }), disabled: !write || self || u.role === 'superadmin' },
          (u.role === 'superadmin' ? ['superadmin'] : ROLES).map((r) => h('option', { value: r, selected: r === u.role }, t(`roles.${r}`))));
        if (write && !self) role.addEventListener('change', () => patch(u, { role: role.value }, t('users.roleChanged', { email: u.email })));
        return h('tr', {},
          h('th', { scope: 'row' }, u.email),
          h('td', {}, u.displayName ?? '—'),
          h('td', {}, role),
          h('td', {}, u.active ? t('common.yes') : t('common.no')),
          write ? h('td', {}, self ? h('span', { class: 'muted' }, t('users.you')) : h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'btn btn-small', onclick: () => patch(u, { active: !u.active }, u.active ? t('users.deactivated') : t('users.activated')) }, u.active ? t('users.deactivate') : t('users.activate')),
            h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': t('users.removeNamed', { email: u.email }), onclick: async () => {
              if (!(await confirmDialog({ title: t('users.removeTitle'), body: u.email, confirm: t('common.delete'), danger: true }))) return;
              try { await api('DELETE', ctx.tp(`/users/${u.id}`)); say(area, 'success', t('users.removed')); await load(); } catch (error) { say(area, 'danger', problemText(error)); }
            } }, t('common.delete')))) : null);
      })))));
  }

  function addForm() {
    const email = h('input', { type: 'email', name: 'email', autocomplete: 'off' });
    const name = h('input', { type: 'text', name: 'displayName', autocomplete: 'off' });
    const role = h('select', { name: 'role' }, ROLES.map((r) => h('option', { value: r, selected: r === 'editor' }, t(`roles.${r}`))));
    const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', minlength: 12 });
    const labels = { email: t('users.email'), displayName: t('users.name'), role: t('users.role'), password: t('users.password') };
    const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'add-user', onsubmit: async (e) => {
      e.preventDefault();
      clearErrors(form);
      try {
        await api('POST', ctx.tp('/users'), { email: email.value.trim(), role: role.value, password: password.value, ...(name.value.trim() ? { displayName: name.value.trim() } : {}) });
        form.reset();
        say(area, 'success', t('users.added'));
        await load();
      } catch (error) { showErrors(form, error, labels); }
    } },
    h('h2', { id: 'add-user' }, t('users.add')),
    h('div', { class: 'inline-fields' },
      field({ label: labels.email, control: email }), field({ label: labels.displayName, control: name }),
      field({ label: labels.role, control: role }), field({ label: labels.password, hint: t('users.passwordHint'), control: password })),
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('users.add')));
    return form;
  }

  await load();
}
