// Form building blocks with accessible wiring (label, hint, error via aria-describedby) and the
// mapping of the API's problem details onto the fields that caused them.
import { fieldOf, pathOf } from './api.js';
import { h, replace, uid } from './dom.js';
import { has, t } from './i18n.js';

/**
 * A labelled field around a control. The control's `name` is the API field it edits, which is how
 * problem details find it.
 * @example field({ label: t('compose.title'), control: h('input', { name: 'title', type: 'text' }) })
 */
export function field({ label, hint, control, counter }) {
  const id = control.id || uid('f');
  control.id = id;
  const hintEl = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  const errorEl = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  control.setAttribute('aria-describedby', [hintEl && hintEl.id, counter && `${id}-count`].filter(Boolean).join(' ') || null);
  if (!control.getAttribute('aria-describedby')) control.removeAttribute('aria-describedby');
  const count = counter ? h('span', { class: 'counter', id: `${id}-count`, 'aria-live': 'off' }) : null;
  if (count) {
    const update = () => { count.textContent = t('form.chars', { n: control.value.length, max: counter }); };
    control.addEventListener('input', update);
    update();
  }
  return h('div', { class: 'field', dataset: { field: control.name ?? '' } }, h('label', { for: id }, label), hintEl, control, count, errorEl);
}

/** Clears the errors shown on a form. */
export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) { el.hidden = true; el.textContent = ''; }
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    el.setAttribute('aria-describedby', (el.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && !x.endsWith('-error')).join(' '));
    if (!el.getAttribute('aria-describedby')) el.removeAttribute('aria-describedby');
  }
  const summary = form.querySelector('.error-summary');
  if (summary) replace(summary);
}

/** A person-readable message for a problem (known codes are translated; otherwise the API's message). */
export function problemText(error) {
  if (error?.status === 0) return t('errors.network');
  if (error?.code && has(`errors.${error.code}`)) return t(`errors.${error.code}`);
  return error?.message ?? t('errors.generic');
}

/**
 * Shows an API error on a form: each detail next to its field (aria-invalid, described by the
 * message), and a summary at the top (role=alert) linking to the fields, focused so keyboard and
 * screen-reader users land on it.
 */
export function showErrors(form, error, labels = {}) {
  clearErrors(form);
  let summary = form.querySelector('.error-summary');
  if (!summary) { summary = h('div', { class: 'error-summary' }); form.prepend(summary); }
  const items = [];
  for (const detail of error?.details ?? []) {
    const path = pathOf(detail);
    const exact = path ? form.querySelector(`[name="${CSS.escape(path)}"]`) : null;
    const name = exact ? path : fieldOf(detail);
    const control = exact ?? (name ? form.querySelector(`[name="${CSS.escape(name)}"]`) : null);
    const message = detail.message ?? '';
    if (control) {
      const errorEl = form.querySelector(`#${CSS.escape(control.id)}-error`);
      control.setAttribute('aria-invalid', 'true');
      if (errorEl) {
        errorEl.textContent = message;
        errorEl.hidden = false;
        control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), errorEl.id].filter(Boolean).join(' '));
      }
      items.push(h('li', {}, h('a', { href: `#${control.id}`, onclick: (e) => { e.preventDefault(); control.focus(); } }, `${labels[name] ?? name}: ${message}`)));
    } else {
      items.push(h('li', {}, `${name ? `${labels[name] ?? name}: ` : ''}${message}`));
    }
  }
  const box = h('div', { class: 'alert alert-danger', role: 'alert', tabindex: '-1' },
    h('h2', {}, t('form.errorTitle')), h('p', {}, problemText(error)), items.length ? h('ul', {}, items) : null);
  replace(summary, box);
  box.focus();
}

/** A status message area (polite live region) for results of actions. */
export function statusArea() {
  return h('div', { class: 'status-area', role: 'status', 'aria-live': 'polite' });
}

/** Shows a success or error message in a status area. */
export function say(area, kind, text) {
  replace(area, h('div', { class: `alert alert-${kind}` }, text));
}

/**
 * A confirmation dialog (native <dialog>: focus is trapped and restored by the browser).
 * Resolves true when confirmed.
 */
export function confirmDialog({ title, body, confirm, danger = false }) {
  return new Promise((resolve) => {
    const titleId = uid('dlg');
    const dialog = h('dialog', { 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      ...(Array.isArray(body) ? body : [h('p', {}, body)]),
      h('div', { class: 'toolbar' },
        h('button', { type: 'button', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, 'data-confirm': '', onclick: () => { dialog.close('yes'); } }, confirm),
        h('button', { type: 'button', class: 'btn', onclick: () => dialog.close('no') }, t('common.cancel'))));
    dialog.addEventListener('close', () => { resolve(dialog.returnValue === 'yes'); dialog.remove(); });
    document.body.append(dialog);
    dialog.showModal();
  });
}
