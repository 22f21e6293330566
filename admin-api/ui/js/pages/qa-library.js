// Q&A library: entries with their phrasings (edit, add, delete), import/export (JSON or CSV), the
// Italian starter library, and the retrain card.
import { api } from '../api.js';
import { announce, download, h, replace } from '../dom.js';
import { clearErrors, confirmDialog, field, problemText, say, showErrors, statusArea } from '../form.js';
import { num, t } from '../i18n.js';
import { trainPanel } from '../qa-train.js';

export async function render(ctx) {
  ctx.title(t('qa.libraryTitle'));
  const area = statusArea();
  const editor = h('div', { id: 'entry-editor' });
  const list = h('div', { id: 'entries' });
  const search = h('input', { type: 'search', id: 'qa-search', name: 'q' });
  const train = await trainPanel(ctx);
  const write = ctx.can('qa.write');
  ctx.main.append(h('h1', {}, t('qa.libraryTitle')), area,
    h('div', { class: 'two-col' },
      h('div', {},
        h('section', { class: 'card', 'aria-labelledby': 'lib-head' },
          h('h2', { id: 'lib-head' }, t('qa.entries')),
          h('form', { class: 'toolbar', role: 'search', onsubmit: (e) => { e.preventDefault(); load(); } },
            h('label', { for: 'qa-search' }, t('qa.search')), search, h('button', { type: 'submit', class: 'btn btn-small' }, t('qa.searchButton')),
            h('span', { class: 'spacer' }),
            write ? h('button', { type: 'button', class: 'btn btn-small btn-primary', onclick: () => edit(null) }, t('qa.newEntry')) : null),
          editor, list)),
      h('div', {}, train.card, ioCard())));

  async function load() {
    const q = search.value.trim();
    const page = await api('GET', `${ctx.tp('/qa/entries')}?${new URLSearchParams({ limit: '500', ...(q ? { q } : {}) })}`);
    if (!page.items.length) { replace(list, h('p', {}, t('qa.libraryEmpty'))); return; }
    replace(list, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, t('qa.count', { n: num(page.total) })),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('qa.fQuestion')), h('th', { scope: 'col', class: 'num' }, t('qa.phrasings')), h('th', { scope: 'col' }, t('qa.fTags')), h('th', { scope: 'col' }, t('qa.state')), write ? h('th', { scope: 'col' }, t('notices.actionsCol')) : null)),
      h('tbody', {}, page.items.map((e) => h('tr', {},
        h('th', { scope: 'row' }, e.question),
        h('td', { class: 'num' }, num(e.phrasings.length)),
        h('td', {}, e.tags.join(', ')),
        h('td', {}, e.enabled ? t('qa.enabled') : t('qa.disabled')),
        write ? h('td', {}, h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('qa.editNamed', { q: e.question }), onclick: () => edit(e) }, t('notices.edit')),
          h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': t('qa.deleteNamed', { q: e.question }), onclick: () => remove(e) }, t('common.delete')))) : null))))));
  }

  function edit(entry) {
    const question = h('input', { type: 'text', name: 'question', maxlength: 500, value: entry?.question ?? '' });
    const answer = h('textarea', { name: 'answer', maxlength: 4000, rows: 5 });
    answer.value = entry?.answer ?? '';
    const phrasings = h('textarea', { name: 'phrasings', rows: 6 });
    phrasings.value = (entry?.phrasings ?? []).join('\n');
    const tags = h('input', { type: 'text', name: 'tags', value: (entry?.tags ?? []).join(', ') });
    const link = h('input', { type: 'url', name: 'linkUrl', value: entry?.linkUrl ?? '', placeholder: 'https://' });
    const enabled = h('input', { type: 'checkbox', id: 'entry-enabled', name: 'enabled', checked: entry ? entry.enabled : true });
    const labels = { question: t('qa.fQuestion'), answer: t('qa.fAnswer'), phrasings: t('qa.phrasings'), tags: t('qa.fTags'), linkUrl: t('qa.fLink') };
    const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'editor-head', onsubmit: async (e) => {
      e.preventDefault();
      clearErrors(form);
      const body = {
        question: question.value.trim(), answer: answer.value.trim(),
        phrasings: phrasings.value.split('\n').map((x) => x.trim()).filter(Boolean),
        tags: tags.value.split(',').map((x) => x.trim()).filter(Boolean),
        linkUrl: link.value.trim() || null, enabled: enabled.checked,
        ...(entry ? { key: entry.key, imageMediaId: entry.imageMediaId } : {}),
      };
      const missing = [!body.question && 'question', !body.answer && 'answer'].filter(Boolean);
      if (missing.length) { showErrors(form, { message: t('form.fixBelow'), details: missing.map((f) => ({ field: f, message: t('form.required') })) }, labels); return; }
      try {
        if (entry) await api('PUT', ctx.tp(`/qa/entries/${entry.id}`), body); else await api('POST', ctx.tp('/qa/entries'), body);
        replace(editor);
        say(area, 'success', t('qa.saved', { q: body.question }));
        await load();
      } catch (error) { showErrors(form, error, labels); }
    } },
    h('h3', { id: 'editor-head' }, entry ? t('qa.editEntry') : t('qa.newEntry')),
    field({ label: labels.question, control: question }),
    field({ label: labels.answer, control: answer }),
    field({ label: labels.phrasings, hint: t('qa.phrasingsHint'), control: phrasings }),
    field({ label: labels.tags, hint: t('qa.tagsHint'), control: tags }),
    field({ label: labels.linkUrl, control: link }),
    h('div', { class: 'check' }, enabled, h('label', { for: 'entry-enabled' }, t('qa.enabled'))),
    h('div', { class: 'toolbar' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.save')),
      h('button', { type: 'button', class: 'btn', onclick: () => replace(editor) }, t('common.cancel'))));
    replace(editor, form);
    question.focus();
  }

  async function remove(entry) {
    if (!(await confirmDialog({ title: t('qa.deleteTitle'), body: entry.question, confirm: t('common.delete'), danger: true }))) return;
    try { await api('DELETE', ctx.tp(`/qa/entries/${entry.id}`)); say(area, 'success', t('qa.deleted')); await load(); } catch (error) { say(area, 'danger', problemText(error)); }
  }

  function ioCard() {
    const file = h('input', { type: 'file', id: 'import-file', accept: '.json,.csv,application/json,text/csv' });
    const replaceMode = h('input', { type: 'checkbox', id: 'import-replace' });
    const result = h('div', { role: 'status', 'aria-live': 'polite' });
    const report = (r) => { const text = t('qa.imported', { created: num(r.created), updated: num(r.updated), deleted: num(r.deleted) }); say(result, 'success', text); announce(text); };
    const doImport = async () => {
      const f = file.files?.[0];
      if (!f) { say(result, 'danger', t('qa.chooseFile')); file.focus(); return; }
      try {
        const format = /\.csv$/i.test(f.name) || f.type === 'text/csv' ? 'csv' : 'json';
        report(await api('POST', ctx.tp('/qa/import'), { format, content: await f.text(), mode: replaceMode.checked ? 'replace' : 'merge' }));
        await load();
      } catch (error) { say(result, 'danger', `${problemText(error)} ${(error.details ?? []).map((d) => `${d.field}: ${d.message}`).join('; ')}`); }
    };
    const doExport = async (format) => {
      try { const x = await api('GET', `${ctx.tp('/qa/export')}?format=${format}`); download(x.filename, x.content, x.contentType); } catch (error) { say(result, 'danger', problemText(error)); }
    };
    return h('section', { class: 'card', 'aria-labelledby': 'io-head' },
      h('h2', { id: 'io-head' }, t('qa.importExport')),
      h('div', { class: 'toolbar' },
        h('button', { type: 'button', class: 'btn btn-small', onclick: () => doExport('json') }, t('qa.exportJson')),
        h('button', { type: 'button', class: 'btn btn-small', onclick: () => doExport('csv') }, t('qa.exportCsv'))),
      write ? [
        h('div', { class: 'field' }, h('label', { for: 'import-file' }, t('qa.importFile')), h('span', { class: 'hint' }, t('qa.importHint')), file),
        h('div', { class: 'check' }, replaceMode, h('label', { for: 'import-replace' }, t('qa.replaceMode'))),
        h('div', { class: 'toolbar' },
          h('button', { type: 'button', class: 'btn btn-small btn-primary', onclick: doImport }, t('qa.import')),
          h('button', { type: 'button', class: 'btn btn-small', onclick: async () => {
            try { report(await api('POST', ctx.tp('/qa/import-starter'), {})); await load(); } catch (error) { say(result, 'danger', problemText(error)); }
          } }, t('qa.importStarter'))),
      ] : null,
      result);
  }

  await load();
  return () => train.stop();
}
