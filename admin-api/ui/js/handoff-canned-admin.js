// The comune's canned replies, managed on the handoff inbox by users who answer citizens: the list,
// adding one (title and text, {comune} and {operatore} filled in when inserted) and deleting one.
import { api } from './api.js';
import { announce, h, replace } from './dom.js';
import { clearErrors, confirmDialog, field, problemText, say, showErrors, statusArea } from './form.js';
import { t } from './i18n.js';

/**
 * The "Risposte pronte" section. Refusals (an empty field, a title already used) are shown on the
 * form's fields with its summary, as everywhere in the admin UI.
 * @example ctx.main.append(await cannedRepliesSection(ctx));
 */
export async function cannedRepliesSection(ctx) {
  const area = statusArea();
  area.tabIndex = -1;
  const list = h('ul', { class: 'plain', id: 'handoff-canned-list', 'aria-labelledby': 'handoff-canned-head' });
  const title = h('input', { type: 'text', name: 'title', maxlength: 100, autocomplete: 'off' });
  const text = h('textarea', { name: 'text', rows: 3, maxlength: 4000 });
  const labels = { title: t('handoff.cannedAdmin.titleLabel'), text: t('handoff.cannedAdmin.textLabel') };
  const done = (message) => { say(area, 'success', message); announce(message); };

  async function load() {
    try {
      const canned = await api('GET', ctx.tp('/handoff/canned-replies'));
      replace(list, canned.items.length ? canned.items.map((c) => h('li', { class: 'handoff-canned-item' },
        h('strong', {}, c.title), h('p', { class: 'muted' }, c.text),
        h('button', { type: 'button', class: 'btn btn-small btn-danger', onclick: () => remove(c) }, t('handoff.cannedAdmin.delete', { title: c.title })))) : h('li', {}, t('handoff.cannedAdmin.empty')));
    } catch (error) { say(area, 'danger', problemText(error)); }
  }
  async function remove(c) {
    if (!(await confirmDialog({ title: t('handoff.cannedAdmin.confirm', { title: c.title }), body: c.text, confirm: t('handoff.cannedAdmin.delete', { title: c.title }), danger: true }))) return;
    try {
      await api('DELETE', ctx.tp(`/handoff/canned-replies/${c.id}`));
      done(t('handoff.cannedAdmin.deleted', { title: c.title }));
      await load();
    } catch (error) { say(area, 'danger', problemText(error)); }
    // The button pressed is gone: the focus goes to the outcome.
    area.focus();
  }
  const form = h('form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      const saved = await api('POST', ctx.tp('/handoff/canned-replies'), { title: title.value, text: text.value });
      title.value = '';
      text.value = '';
      done(t('handoff.cannedAdmin.added', { title: saved.title }));
      await load();
      title.focus();
    } catch (error) {
      // 409 is a title already used: said on the title field, in the operator's words.
      if (error.status === 409) Object.assign(error, { code: 'validation-failed', details: [{ field: 'title', message: t('handoff.cannedAdmin.duplicate', { title: title.value }) }] });
      showErrors(form, error, labels);
    }
  } }, field({ label: labels.title, control: title }), field({ label: labels.text, hint: t('handoff.cannedAdmin.intro'), control: text }),
  h('button', { type: 'submit', class: 'btn' }, t('handoff.cannedAdmin.add')));
  await load();
  return h('section', { class: 'card', id: 'handoff-canned-admin', 'aria-labelledby': 'handoff-canned-head' },
    h('h2', { id: 'handoff-canned-head' }, t('handoff.cannedAdmin.title')), area, list, form);
}
