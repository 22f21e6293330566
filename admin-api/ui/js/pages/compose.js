// Compose (and edit) a notice: title, text, category, image with preview, optional link and PDF;
// live previews per channel; send now · save draft · schedule in the comune's timezone.
import { api, ApiError } from '../api.js';
import { announce, bytes, h, replace } from '../dom.js';
import { clearErrors, confirmDialog, field, problemText, showErrors } from '../form.js';
import { currentLang, num, t } from '../i18n.js';
import { loadCategories } from '../notice-common.js';
import { renderPreviews } from '../preview.js';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const IMAGE_MAX = 10 * 1024 * 1024;
const PDF_MAX = 20 * 1024 * 1024;
const LIMITS = { title: 200, text: 4000 };

/** Now in the comune's timezone as 'YYYY-MM-DDTHH:mm' (the datetime-local format the API takes). */
function localNow(timeZone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date()).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
/** An instant shown as the comune's local 'YYYY-MM-DDTHH:mm'. */
function toLocalInput(iso, timeZone) {
  if (!iso) return '';
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

export async function render(ctx, [idParam]) {
  const editingId = idParam ? Number(idParam) : null;
  ctx.title(editingId ? t('compose.editTitle') : t('compose.title'));
  const main = ctx.main;
  main.append(h('h1', {}, editingId ? t('compose.editTitle') : t('compose.title')));
  const [categories, stats, existing] = await Promise.all([
    loadCategories(ctx),
    ctx.can('stats.read') ? api('GET', ctx.tp('/stats')).catch(() => null) : Promise.resolve(null),
    editingId ? api('GET', ctx.tp(`/notices/${editingId}`)) : Promise.resolve(null),
  ]);
  if (existing && !['draft', 'scheduled'].includes(existing.status)) {
    main.append(h('div', { class: 'alert alert-warning' }, t('compose.notEditable', { status: t(`status.${existing.status}`) })));
    return;
  }
  const active = categories.filter((c) => c.active || c.id === existing?.categoryId);
  const state = {
    id: editingId, status: existing?.status ?? null,
    imageMediaId: existing?.imageMediaId ?? null, imageUrl: existing?.imageMediaId ? `/api/v1${ctx.tp(`/media/${existing.imageMediaId}`)}` : null,
    documentMediaId: existing?.documentMediaId ?? null, documentName: existing?.documentMediaId ? t('compose.attachedPdf') : null,
    had: { imageMediaId: Boolean(existing?.imageMediaId), documentMediaId: Boolean(existing?.documentMediaId), linkUrl: Boolean(existing?.linkUrl) },
  };

  const title = h('input', { type: 'text', name: 'title', maxlength: LIMITS.title, required: true, value: existing?.title ?? '' });
  const text = h('textarea', { name: 'text', maxlength: LIMITS.text, required: true, rows: 8 });
  text.value = existing?.text ?? '';
  const category = h('select', { name: 'categoryId', required: true },
    h('option', { value: '' }, t('compose.chooseCategory')),
    active.map((c) => h('option', { value: c.id, selected: c.id === existing?.categoryId }, c.label)));
  const urgent = h('input', { type: 'checkbox', name: 'priority', id: 'urgent', checked: existing?.priority === 'urgent' });
  const image = h('input', { type: 'file', name: 'imageMediaId', accept: IMAGE_TYPES.join(',') });
  const imageBox = h('div', { 'aria-live': 'polite' });
  const link = h('input', { type: 'url', name: 'linkUrl', placeholder: 'https://', value: existing?.linkUrl ?? '', inputmode: 'url' });
  const pdf = h('input', { type: 'file', name: 'documentMediaId', accept: 'application/pdf' });
  const pdfBox = h('div', { 'aria-live': 'polite' });
  const when = h('input', { type: 'datetime-local', name: 'scheduledAt', min: localNow(ctx.timeZone), value: toLocalInput(existing?.scheduledAt, ctx.timeZone) });
  const audienceNote = h('p', { class: 'hint', 'aria-live': 'polite' });
  const previewBox = h('div');
  // One column per comune language: the first is the notice itself (required), the others optional translations.
  const [firstLang, ...otherLangs] = ctx.languages?.length ? ctx.languages : ['it'];
  const langName = (code) => {
    let name = code;
    try { name = new Intl.DisplayNames([currentLang()], { type: 'language' }).of(code) ?? code; } catch { /* an unknown code stays as it is */ }
    return name.charAt(0).toLocaleUpperCase(currentLang()) + name.slice(1);
  };
  const translations = otherLangs.map((code) => {
    const had = existing?.translations?.[code];
    const tTitle = h('input', { type: 'text', name: `translations.${code}.title`, maxlength: LIMITS.title, lang: code, value: had?.title ?? '' });
    const tText = h('textarea', { name: `translations.${code}.text`, maxlength: LIMITS.text, rows: 8, lang: code });
    tText.value = had?.text ?? '';
    return { code, title: tTitle, text: tText };
  });
  const labels = {
    ...Object.fromEntries(translations.flatMap((x) => [[`translations.${x.code}.title`, `${t('compose.fTitle')} (${langName(x.code)})`], [`translations.${x.code}.text`, `${t('compose.fText')} (${langName(x.code)})`]])),
    title: t('compose.fTitle'), text: t('compose.fText'), categoryId: t('compose.fCategory'), imageMediaId: t('compose.fImage'), linkUrl: t('compose.fLink'), documentMediaId: t('compose.fPdf'), scheduledAt: t('compose.fWhen'), priority: t('compose.fUrgent') };

  const subscribersOf = (id) => {
    const c = categories.find((x) => String(x.id) === String(id));
    return c ? stats?.subscribers.find((x) => x.category === c.key)?.count ?? null : null;
  };
  const refresh = () => {
    const common = { imageUrl: state.imageUrl, linkUrl: link.value.trim(), documentName: state.documentName, urgent: urgent.checked };
    const first = renderPreviews({ ...common, title: title.value.trim(), text: text.value.trim() }, translations.length ? firstLang : '');
    if (!translations.length) replace(previewBox, first);
    else {
      // Per language: a person without a translation in their language gets the first language's text.
      replace(previewBox, [firstLang, ...translations.map((x) => x.code)].map((code, i) => {
        const x = translations[i - 1];
        const own = x && x.title.value.trim() && x.text.value.trim();
        return h('section', { class: 'lang-preview', lang: code, 'aria-labelledby': `pv-${code}` },
          h('h3', { id: `pv-${code}` }, t('compose.previewLang', { lang: langName(code) })),
          !x || own ? null : h('p', { class: 'hint' }, t('compose.fallbackNote', { lang: langName(firstLang) })),
          !x ? first : renderPreviews({ ...common, title: own ? x.title.value.trim() : title.value.trim(), text: own ? x.text.value.trim() : text.value.trim() }, code));
      }));
    }
    const n = subscribersOf(category.value);
    audienceNote.textContent = category.value && n !== null ? t('compose.audience', { n: num(n) }) : '';
  };
  for (const el of [title, text, link, ...translations.flatMap((x) => [x.title, x.text])]) el.addEventListener('input', refresh);
  urgent.addEventListener('change', refresh);
  category.addEventListener('change', () => {
    const c = categories.find((x) => String(x.id) === category.value);
    if (c && !editingId) urgent.checked = c.urgentByDefault;
    refresh();
  });

  const showImage = () => {
    replace(imageBox, state.imageUrl ? [
      h('img', { class: 'image-preview', src: state.imageUrl, alt: t('compose.imageAlt') }),
      h('button', { type: 'button', class: 'btn btn-small btn-danger', onclick: () => { state.imageMediaId = null; state.imageUrl = null; image.value = ''; showImage(); refresh(); } }, t('compose.removeImage')),
    ] : null);
  };
  const showPdf = () => {
    replace(pdfBox, state.documentName ? [
      h('p', {}, `PDF · ${state.documentName}`),
      h('button', { type: 'button', class: 'btn btn-small btn-danger', onclick: () => { state.documentMediaId = null; state.documentName = null; pdf.value = ''; showPdf(); refresh(); } }, t('compose.removePdf')),
    ] : null);
  };
  const upload = async (input, { types, max, onDone, box }) => {
    const file = input.files?.[0];
    if (!file) return;
    clearErrors(form);
    const fail = (message) => showErrors(form, new ApiError({ status: 400, code: 'validation-failed', message: t('compose.uploadFailed'), details: [{ field: input.name, message }] }), labels);
    if (!types.includes(file.type)) return fail(t('compose.wrongType', { types: types.map((x) => x.split('/')[1].toUpperCase()).join(', ') }));
    if (file.size > max) return fail(t('compose.tooLarge', { max: bytes(max) }));
    replace(box, h('p', {}, t('compose.uploading', { name: file.name })));
    const body = new FormData();
    body.append('file', file, file.name);
    try {
      const media = await api('POST', ctx.tp('/media'), body);
      onDone(media, file);
      announce(t('compose.uploaded', { name: file.name }));
    } catch (error) {
      replace(box);
      const details = error.details?.length ? error.details.map((d) => ({ ...d, field: input.name })) : [{ field: input.name, message: problemText(error) }];
      showErrors(form, Object.assign(error, { details }), labels);
    }
  };
  image.addEventListener('change', () => upload(image, { types: IMAGE_TYPES, max: IMAGE_MAX, box: imageBox, onDone: (media, file) => {
    state.imageMediaId = media.id;
    state.imageUrl = URL.createObjectURL(file);
    showImage();
    refresh();
  } }));
  pdf.addEventListener('change', () => upload(pdf, { types: ['application/pdf'], max: PDF_MAX, box: pdfBox, onDone: (media, file) => {
    state.documentMediaId = media.id;
    state.documentName = media.fileName ?? file.name;
    showPdf();
    refresh();
  } }));

  /** Client-side checks in the API's problem shape, so both show the same way. */
  const check = (extra = []) => {
    const details = [];
    if (!title.value.trim()) details.push({ field: 'title', message: t('form.required') });
    if (!text.value.trim()) details.push({ field: 'text', message: t('form.required') });
    for (const x of translations) {
      const [tt, tx] = [x.title.value.trim(), x.text.value.trim()];
      if (tt && !tx) details.push({ field: `translations.${x.code}.text`, message: t('compose.translationBoth') });
      if (tx && !tt) details.push({ field: `translations.${x.code}.title`, message: t('compose.translationBoth') });
    }
    if (!category.value) details.push({ field: 'categoryId', message: t('compose.categoryRequired') });
    if (link.value.trim() && !/^https?:\/\/\S+$/i.test(link.value.trim())) details.push({ field: 'linkUrl', message: t('compose.badLink') });
    details.push(...extra);
    if (details.length) throw new ApiError({ status: 400, code: 'validation-failed', message: t('form.fixBelow'), details });
  };
  const body = () => {
    const b = { title: title.value.trim(), text: text.value.trim(), categoryId: Number(category.value), priority: urgent.checked ? 'urgent' : 'normal' };
    for (const key of ['imageMediaId', 'documentMediaId']) {
      if (state[key]) b[key] = state[key]; else if (state.id && state.had[key]) b[key] = null;
    }
    if (translations.length) {
      const written = translations.filter((x) => x.title.value.trim() && x.text.value.trim());
      b.translations = Object.fromEntries(written.map((x) => [x.code, { title: x.title.value.trim(), text: x.text.value.trim() }]));
    }
    if (link.value.trim()) b.linkUrl = link.value.trim(); else if (state.id && state.had.linkUrl) b.linkUrl = null;
    return b;
  };
  const save = async () => {
    const notice = state.id ? await api('PUT', ctx.tp(`/notices/${state.id}`), body()) : await api('POST', ctx.tp('/notices'), body());
    state.id = notice.id;
    state.status = notice.status;
    return notice;
  };
  const busy = (on) => { for (const b of form.querySelectorAll('button')) b.disabled = on; };
  const run = async (action) => {
    clearErrors(form);
    busy(true);
    try { await action(); } catch (error) { showErrors(form, error, labels); } finally { busy(false); }
  };

  const sendNow = () => run(async () => {
    check();
    const n = subscribersOf(category.value);
    const c = categories.find((x) => String(x.id) === category.value);
    const ok = await confirmDialog({
      title: t('compose.confirmTitle'),
      body: n === null ? t('compose.confirmBodyUnknown', { category: c?.label ?? '' }) : t('compose.confirmBody', { n: num(n), category: c?.label ?? '' }),
      confirm: t('compose.sendNow'),
    });
    if (!ok) return;
    await save();
    const reply = await api('POST', ctx.tp(`/notices/${state.id}/send`));
    sessionStorage.setItem('campanile.flash', t('compose.sent', { n: num(reply?.audience ?? 0) }));
    ctx.navigate(`#/notices/${state.id}`);
  });
  const saveDraft = () => run(async () => {
    check();
    const wasScheduled = state.status === 'scheduled';
    await save();
    sessionStorage.setItem('campanile.flash', wasScheduled ? t('compose.updated') : t('compose.savedDraft'));
    ctx.navigate('#/notices');
  });
  const schedule = () => run(async () => {
    const value = when.value;
    const extra = !value ? [{ field: 'scheduledAt', message: t('compose.whenRequired') }]
      : value <= localNow(ctx.timeZone) ? [{ field: 'scheduledAt', message: t('compose.whenPast') }] : [];
    check(extra);
    await save();
    await api('POST', ctx.tp(`/notices/${state.id}/schedule`), { scheduledAt: value });
    sessionStorage.setItem('campanile.flash', t('compose.scheduled', { when: value.replace('T', ' ') }));
    ctx.navigate('#/notices');
  });

  const form = h('form', { novalidate: true, onsubmit: (e) => { e.preventDefault(); sendNow(); } },
    h('div', { class: 'error-summary' }),
    translations.length === 0
      ? [field({ label: labels.title, control: title, counter: LIMITS.title }), field({ label: labels.text, hint: t('compose.textHint'), control: text, counter: LIMITS.text })]
      : h('div', { class: 'lang-cols' },
        h('fieldset', { lang: firstLang }, h('legend', {}, t('compose.langRequired', { lang: langName(firstLang) })),
          field({ label: labels.title, control: title, counter: LIMITS.title }),
          field({ label: labels.text, hint: t('compose.textHint'), control: text, counter: LIMITS.text })),
        translations.map((x) => h('fieldset', { lang: x.code }, h('legend', {}, t('compose.langOptional', { lang: langName(x.code) })),
          field({ label: labels[`translations.${x.code}.title`], control: x.title, counter: LIMITS.title }),
          field({ label: labels[`translations.${x.code}.text`], hint: t('compose.translationHint'), control: x.text, counter: LIMITS.text })))),
    field({ label: labels.categoryId, control: category }),
    audienceNote,
    h('div', { class: 'check' }, urgent, h('label', { for: 'urgent' }, labels.priority)),
    field({ label: labels.imageMediaId, hint: t('compose.imageHint'), control: image }), imageBox,
    field({ label: labels.linkUrl, hint: t('compose.linkHint'), control: link }),
    field({ label: labels.documentMediaId, hint: t('compose.pdfHint'), control: pdf }), pdfBox,
    ctx.can('notices.send') ? h('div', { class: 'toolbar' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'send-now' }, t('compose.sendNow'))) : null,
    h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'btn', id: 'save-draft', onclick: saveDraft }, state.status === 'scheduled' ? t('compose.saveChanges') : t('compose.saveDraft'))),
    h('fieldset', {}, h('legend', {}, t('compose.scheduleLegend')),
      field({ label: labels.scheduledAt, hint: t('compose.whenHint', { tz: ctx.timeZone }), control: when }),
      h('button', { type: 'button', class: 'btn', id: 'schedule', onclick: schedule }, t('compose.schedule'))));

  main.append(h('div', { class: 'two-col' },
    h('section', { class: 'card', 'aria-label': t('compose.formLabel') }, form),
    h('section', { class: 'card', 'aria-labelledby': 'pv-head' }, h('h2', { id: 'pv-head' }, t('compose.previews')), previewBox)));
  showImage();
  showPdf();
  refresh();
}
