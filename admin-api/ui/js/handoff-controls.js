// Controls of the handoff conversation page: the canned-reply picker (inserts the text, placeholders
// already filled in by the server, into the reply box for the operator to adjust), the transfer form
// (another operator or one of the comune's offices), a message's file (photos shown inline) and the
// operator's attachment (a photo or PDF sent with the reply text as caption).
import { api, ApiError } from './api.js';
import { announce, h, replace } from './dom.js';
import { clearErrors, field, problemText, showErrors } from './form.js';
import { dateTime, t } from './i18n.js';

/**
 * A select of the comune's canned replies and an "insert" button; the text goes in at the caret of
 * `textarea` (replacing a selection) and the focus returns there. A button, not `change`: arrowing
 * through a closed select fires `change` on every step.
 * @example form.append(await cannedPicker(ctx, textarea));
 */
export async function cannedPicker(ctx, textarea) {
  const list = await api('GET', ctx.tp('/handoff/canned-replies')).catch(() => ({ items: [] }));
  if (!list.items.length) return h('p', { class: 'muted' }, t('handoff.noCanned'));
  const select = h('select', { id: 'handoff-canned' }, list.items.map((c) => h('option', { value: String(c.id) }, c.title)));
  const insert = () => {
    const chosen = list.items.find((c) => String(c.id) === select.value);
    if (!chosen) return;
    const { selectionStart: start, selectionEnd: end, value } = textarea;
    textarea.value = `${value.slice(0, start)}${chosen.filled}${value.slice(end)}`;
    textarea.focus();
    textarea.setSelectionRange(start + chosen.filled.length, start + chosen.filled.length);
    textarea.dispatchEvent(new Event('input'));
    announce(t('handoff.cannedInserted', { title: chosen.title }));
  };
  return h('div', { class: 'handoff-canned' },
    field({ label: t('handoff.canned'), hint: t('handoff.cannedHint'), control: select }),
    h('button', { type: 'button', class: 'btn btn-small', onclick: insert }, t('handoff.cannedInsert')));
}

/**
 * The transfer form: the comune's other operators (with their presence) and its offices. `act` runs
 * the call and shows its outcome (the conversation page's wrapper).
 * @example section.append(await transferForm(ctx, id, act));
 */
export async function transferForm(ctx, id, act) {
  const [operators, settings] = await Promise.all([
    api('GET', ctx.tp('/handoff/operators')).catch(() => ({ items: [] })),
    api('GET', ctx.tp('/handoff/settings')).catch(() => ({ offices: [] })),
  ]);
  const others = operators.items.filter((o) => o.id !== ctx.me?.id);
  if (!others.length && !settings.offices.length) return h('p', { class: 'muted' }, t('handoff.transfer.none'));
  const target = h('select', { name: 'target', id: 'handoff-transfer' },
    others.length ? h('optgroup', { label: t('handoff.transfer.operators') },
      others.map((o) => h('option', { value: `operator:${o.id}` }, t('handoff.transfer.operator', { name: o.name, status: t(`handoff.presence.${o.status}`) })))) : null,
    settings.offices.length ? h('optgroup', { label: t('handoff.transfer.offices') },
      settings.offices.map((office) => h('option', { value: `office:${office}` }, office))) : null);
  return h('form', { onsubmit: (e) => {
    e.preventDefault();
    const [kind, ...rest] = target.value.split(':');
    const body = kind === 'operator' ? { operatorId: Number(rest[0]) } : { office: rest.join(':') };
    void act(() => api('POST', ctx.tp(`/handoff/conversations/${id}/transfer`), body), t('handoff.transfer.done', { to: target.selectedOptions[0]?.textContent ?? '' }));
  } }, field({ label: t('handoff.transfer.label'), hint: t('handoff.transfer.hint'), control: target }),
  h('button', { type: 'submit', class: 'btn btn-small' }, t('handoff.transfer.submit')));
}

/**
 * A message's file: a photo inline (a link to the full size around it), any other file as a link.
 * @example li.append(messageFile(ctx, conversationId, message));
 */
export function messageFile(ctx, conversationId, message) {
  const url = `/api/v1${ctx.tp(`/handoff/conversations/${conversationId}/media/${message.mediaId}`)}`;
  const who = t(`handoff.dir.${message.direction}`);
  const when = dateTime(message.at, ctx.timeZone);
  if (message.kind === 'photo' || message.kind === 'image') {
    return h('a', { href: url, target: '_blank', rel: 'noopener', class: 'handoff-photo' },
      h('img', { src: url, alt: t('handoff.photoAlt', { who, when }), loading: 'lazy', width: 240 }));
  }
  return h('a', { href: url, target: '_blank', rel: 'noopener' }, t('handoff.openFile', { kind: t(`handoff.kind.${message.kind}`) }));
}


/** What the attachments route accepts (the media library's limits), checked here first for a quick, clear message. */
const ATTACH_LIMITS = { 'image/jpeg': 10, 'image/png': 10, 'image/webp': 10, 'application/pdf': 20 };

/**
 * "Attach a photo or PDF" beside the reply box: choosing a file sends it at once, with the reply box's
 * text as its caption. Type and size are checked before uploading; every refusal (ours or the server's
 * 413/415/409) goes through the form's error helpers, so it is shown by the field and announced.
 * `sent` runs after a successful upload (the page reloads its thread there).
 * @example replyForm.append(attachControl(ctx, id, replyForm, textarea, () => load()));
 */
export function attachControl(ctx, conversationId, form, textarea, sent) {
  const input = h('input', { type: 'file', name: 'file', accept: Object.keys(ATTACH_LIMITS).join(',') });
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const fail = (error) => {
    input.value = '';
    replace(status);
    showErrors(form, error, { file: t('handoff.attach.label') });
  };
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    clearErrors(form);
    const refuse = (message) => fail(new ApiError({ status: 400, code: 'validation-failed', message: t('handoff.attach.failed'), details: [{ field: 'file', message }] }));
    const maxMb = ATTACH_LIMITS[file.type];
    if (!maxMb) return refuse(t('handoff.attach.wrongType', { name: file.name }));
    if (file.size > maxMb * 1024 * 1024) return refuse(t('handoff.attach.tooLarge', { name: file.name, max: `${maxMb} MB` }));
    replace(status, t('handoff.attach.uploading', { name: file.name }));
    const body = new FormData();
    body.append('file', file, file.name);
    if (textarea.value.trim()) body.append('text', textarea.value);
    try {
      await api('POST', ctx.tp(`/handoff/conversations/${conversationId}/attachments`), body);
      input.value = '';
      textarea.value = '';
      const done = t('handoff.attach.sent', { name: file.name });
      replace(status, done);
      announce(done);
      await sent();
    } catch (error) {
      // The server's refusal names the file part: shown by this control, not only in the summary.
      const details = error.details?.length ? error.details.map((d) => ({ ...d, field: 'file' })) : [{ field: 'file', message: problemText(error) }];
      fail(Object.assign(error, { details }));
    }
  });
  return h('div', { class: 'handoff-attach' }, field({ label: t('handoff.attach.label'), hint: t('handoff.attach.hint'), control: input }), status);
}
