// Staff registry (anagrafica): members with their groups and whether a chat is linked, the member form
// (add / edit), groups, one-time invitations (the /start payload and the WhatsApp code are shown
// once, as the API returns them once) and CSV export / import.
import { api } from '../api.js';
import { announce, download, h, replace } from '../dom.js';
import { clearErrors, confirmDialog, field, problemText, say, showErrors, statusArea } from '../form.js';
import { dateTime, t } from '../i18n.js';

export async function render(ctx) {
  ctx.title(t('staff.title'));
  const write = ctx.can('staff.write');
  const area = statusArea();
  const members = h('div');
  const groupsBox = h('div');
  const invitationBox = h('div', { 'aria-live': 'polite' });
  const formSlot = h('div');
  let groups = [];
  ctx.main.append(h('h1', {}, t('staff.title')), h('p', { class: 'muted' }, t('staff.intro')), area,
    h('p', {}, h('button', { type: 'button', class: 'btn btn-small', onclick: exportCsv }, t('staff.exportCsv'))),
    invitationBox, members, formSlot, groupsBox);
  if (write) ctx.main.append(importForm());

  async function load() {
    const [m, g] = await Promise.all([api('GET', ctx.tp('/staff/members')), api('GET', ctx.tp('/staff/groups'))]);
    groups = g.items;
    renderMembers(m.items);
    renderGroups();
    if (write && !formSlot.firstChild) replace(formSlot, memberForm(null));
  }

  function renderMembers(items) {
    if (!items.length) { replace(members, h('h2', {}, t('staff.members')), h('p', {}, t('staff.noMembers'))); return; }
    replace(members, h('h2', {}, t('staff.members')), h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', { class: 'visually-hidden' }, t('staff.members')),
      h('thead', {}, h('tr', {}, ['name', 'role', 'groups', 'active', 'linked'].map((k) => h('th', { scope: 'col' }, t(`staff.col.${k}`))), write ? h('th', { scope: 'col' }, t('staff.col.actions')) : null)),
      h('tbody', {}, items.map((m) => h('tr', {},
        h('th', { scope: 'row' }, m.name),
        h('td', {}, m.role),
        h('td', {}, m.groups.map((x) => x.name).join(', ') || '—'),
        h('td', {}, m.active ? t('common.yes') : t('common.no')),
        h('td', {}, m.linkedIdentities ? t('staff.linkedN', { n: m.linkedIdentities }) : t('staff.notLinked')),
        write ? h('td', {}, h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('staff.editNamed', { name: m.name }), onclick: () => { replace(formSlot, memberForm(m)); formSlot.querySelector('input')?.focus(); } }, t('staff.edit')),
          h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('staff.inviteNamed', { name: m.name }), onclick: () => invite(m) }, t('staff.invite')),
          m.linkedIdentities ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('staff.unlinkNamed', { name: m.name }), onclick: () => act(() => api('POST', ctx.tp(`/staff/members/${m.id}/unlink`), {}), t('staff.unlinked')) }, t('staff.unlink')) : null,
          h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': t('staff.eraseNamed', { name: m.name }), onclick: async () => {
            if (!(await confirmDialog({ title: t('staff.eraseTitle'), body: t('staff.eraseBody', { name: m.name }), confirm: t('common.delete'), danger: true }))) return;
            await act(() => api('DELETE', ctx.tp(`/staff/members/${m.id}`)), t('staff.erased'));
          } }, t('common.delete')))) : null))))));
  }

  async function act(call, done) {
    try { await call(); await load(); say(area, 'success', done); announce(done); } catch (error) { say(area, 'danger', problemText(error)); }
  }

  async function invite(member) {
    try {
      const inv = await api('POST', ctx.tp(`/staff/members/${member.id}/invitations`), {});
      await showInvitations(member, inv);
      announce(t('staff.invitationCreated', { name: member.name }));
    } catch (error) { say(area, 'danger', problemText(error)); }
  }

  /** The fresh invitation (payload and code: shown only now) and the member's earlier ones, revocable. */
  async function showInvitations(member, fresh) {
    const list = await api('GET', `${ctx.tp('/staff/invitations')}?memberId=${member.id}`);
    replace(invitationBox, h('section', { class: 'card', 'aria-labelledby': 'inv-title' },
      h('h2', { id: 'inv-title' }, t('staff.invitationsOf', { name: member.name })),
      fresh ? h('div', { class: 'alert alert-success' },
        h('p', {}, t('staff.invitationOnce', { until: dateTime(fresh.expiresAt, ctx.timeZone) })),
        h('dl', {},
          h('dt', {}, t('staff.startCommand')), h('dd', {}, h('code', { id: 'inv-start' }, `/start ${fresh.startPayload}`)),
          h('dt', {}, t('staff.code')), h('dd', {}, h('code', { id: 'inv-code' }, fresh.code))),
        // Each channel's own link (Telegram with the bot's real username), as a QR code to scan off the screen.
        h('ul', { class: 'inv-links' }, (fresh.links ?? []).map((l) => h('li', { 'data-channel': l.channel },
          h('p', {}, h('a', { href: l.url, rel: 'noopener' }, t('staff.inviteLink', { channel: l.channel })), l.handle ? ` (${l.handle})` : ''),
          h('img', { src: l.qr, width: 160, height: 160, alt: t('staff.inviteQr', { channel: l.channel }) }))))) : null,
      h('table', {}, h('caption', { class: 'visually-hidden' }, t('staff.invitationsOf', { name: member.name })),
        h('thead', {}, h('tr', {}, ['created', 'expires', 'status', 'actions'].map((k) => h('th', { scope: 'col' }, t(`staff.inv.${k}`))))),
        h('tbody', {}, list.items.map((i) => h('tr', {},
          h('td', {}, dateTime(i.createdAt, ctx.timeZone)), h('td', {}, dateTime(i.expiresAt, ctx.timeZone)),
          h('td', {}, t(`staff.inv.s.${i.status}`)),
          h('td', {}, i.status === 'pending' && write ? h('button', { type: 'button', class: 'btn btn-small', onclick: async () => {
            try { await api('POST', ctx.tp(`/staff/invitations/${i.id}/revoke`), {}); await showInvitations(member, null); say(area, 'success', t('staff.revoked')); announce(t('staff.revoked')); } catch (error) { say(area, 'danger', problemText(error)); }
          } }, t('staff.revoke')) : '')))))));
  }

  function memberForm(m) {
    const name = h('input', { type: 'text', name: 'name', maxlength: 200, required: true, value: m?.name ?? '' });
    const role = h('input', { type: 'text', name: 'role', maxlength: 200, value: m?.role ?? '' });
    const phone = h('input', { type: 'tel', name: 'phone', maxlength: 40, value: m?.phone ?? '' });
    const email = h('input', { type: 'email', name: 'email', maxlength: 200, value: m?.email ?? '' });
    const active = h('input', { type: 'checkbox', id: 'member-active', name: 'active', checked: m ? m.active : true });
    const chosen = new Set((m?.groups ?? []).map((g) => g.id));
    const boxes = groups.map((g) => h('div', { class: 'check' },
      h('input', { type: 'checkbox', id: `member-group-${g.id}`, value: String(g.id), checked: chosen.has(g.id) }),
      h('label', { for: `member-group-${g.id}` }, g.name)));
    const labels = { name: t('staff.col.name'), role: t('staff.col.role'), phone: t('staff.phone'), email: t('staff.email') };
    const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'member-form', onsubmit: async (e) => {
      e.preventDefault();
      clearErrors(form);
      const body = {
        name: name.value.trim(), role: role.value.trim(), phone: phone.value.trim() || null, email: email.value.trim() || null, active: active.checked,
        groupIds: [...form.querySelectorAll('fieldset input:checked')].map((x) => Number(x.value)),
      };
      try {
        if (m) await api('PUT', ctx.tp(`/staff/members/${m.id}`), body); else await api('POST', ctx.tp('/staff/members'), body);
        const done = m ? t('staff.saved', { name: body.name }) : t('staff.added', { name: body.name });
        replace(formSlot);
        await load();
        say(area, 'success', done);
        announce(done);
      } catch (error) { showErrors(form, error, labels); }
    } },
    h('h2', { id: 'member-form' }, m ? t('staff.editTitle', { name: m.name }) : t('staff.addMember')),
    h('div', { class: 'inline-fields' }, field({ label: labels.name, control: name }), field({ label: labels.role, hint: t('staff.roleHint'), control: role })),
    h('div', { class: 'inline-fields' }, field({ label: labels.phone, control: phone }), field({ label: labels.email, control: email })),
    h('fieldset', {}, h('legend', {}, t('staff.col.groups')), boxes.length ? boxes : h('p', { class: 'muted' }, t('staff.noGroupsYet'))),
    h('div', { class: 'check' }, active, h('label', { for: 'member-active' }, t('staff.activeLabel'))),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, m ? t('common.save') : t('staff.addMember')),
      m ? h('button', { type: 'button', class: 'btn', onclick: () => replace(formSlot, memberForm(null)) }, t('common.cancel')) : null));
    return form;
  }

  function renderGroups() {
    const name = h('input', { type: 'text', name: 'name', maxlength: 100, required: true });
    const duty = h('input', { type: 'checkbox', id: 'group-duty', name: 'onDutyMode' });
    const form = write ? h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'group-form', onsubmit: async (e) => {
      e.preventDefault();
      clearErrors(form);
      try {
        await api('POST', ctx.tp('/staff/groups'), { name: name.value.trim(), onDutyMode: duty.checked });
        const done = t('staff.groupAdded', { name: name.value.trim() });
        replace(formSlot);
        await load();
        say(area, 'success', done);
        announce(done);
      } catch (error) { showErrors(form, error, { name: t('staff.groupName') }); }
    } },
    h('h3', { id: 'group-form' }, t('staff.addGroup')),
    field({ label: t('staff.groupName'), control: name }),
    h('div', { class: 'check' }, duty, h('label', { for: 'group-duty' }, t('staff.onDutyMode'))),
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('staff.addGroup'))) : null;
    replace(groupsBox, h('section', { 'aria-labelledby': 'groups-title' },
      h('h2', { id: 'groups-title' }, t('staff.groups')),
      groups.length ? h('table', {}, h('caption', { class: 'visually-hidden' }, t('staff.groups')),
        h('thead', {}, h('tr', {}, ['groupName', 'members', 'onDuty'].map((k) => h('th', { scope: 'col' }, t(`staff.g.${k}`))), write ? h('th', { scope: 'col' }, t('staff.col.actions')) : null)),
        h('tbody', {}, groups.map((g) => h('tr', {},
          h('th', { scope: 'row' }, g.name), h('td', {}, String(g.memberCount)), h('td', {}, g.onDutyMode ? t('common.yes') : t('common.no')),
          write ? h('td', {}, h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': t('staff.deleteGroupNamed', { name: g.name }), onclick: async () => {
            if (!(await confirmDialog({ title: t('staff.deleteGroupTitle'), body: g.name, confirm: t('common.delete'), danger: true }))) return;
            await act(() => api('DELETE', ctx.tp(`/staff/groups/${g.id}`)), t('staff.groupDeleted'));
          } }, t('common.delete'))) : null)))) : h('p', {}, t('staff.noGroups')),
      form));
  }

  async function exportCsv() {
    try { const file = await api('GET', ctx.tp('/staff/export')); download(file.fileName, file.csv, 'text/csv'); } catch (error) { say(area, 'danger', problemText(error)); }
  }

  function importForm() {
    const file = h('input', { type: 'file', name: 'csv', accept: '.csv,text/csv', required: true });
    const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'import-title', onsubmit: async (e) => {
      e.preventDefault();
      clearErrors(form);
      const chosen = file.files?.[0];
      if (!chosen) { say(area, 'danger', t('staff.chooseFile')); return; }
      try {
        const result = await api('POST', ctx.tp('/staff/import'), { csv: await chosen.text() });
        form.reset();
        replace(formSlot);
        await load();
        const done = t('staff.imported', result);
        say(area, 'success', done);
        announce(done);
      } catch (error) { showErrors(form, error, { csv: t('staff.csvFile') }); }
    } },
    h('h2', { id: 'import-title' }, t('staff.importTitle')),
    field({ label: t('staff.csvFile'), hint: t('staff.csvHint'), control: file }),
    h('button', { type: 'submit', class: 'btn' }, t('staff.import')));
    return form;
  }

  try { await load(); } catch (error) { say(area, 'danger', problemText(error)); }
}
