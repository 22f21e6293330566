// Q&A inbox: questions the bot could not answer (or only asked back about), grouped, most asked
// first, each with one-click actions (add as a phrasing of an entry, create an entry, ignore); the
// suggested phrasings from people's "Forse intendevi…" choices (approve = add + retrain); the retrain card.
import { api } from '../api.js';
import { announce, h, replace, uid } from '../dom.js';
import { clearErrors, field, problemText, say, showErrors, statusArea } from '../form.js';
import { dateTime, num, t } from '../i18n.js';
import { trainPanel } from '../qa-train.js';

const FILTERS = ['open', 'new', 'uncertain', 'done', 'ignored', 'all'];

export async function render(ctx) {
  ctx.title(t('qa.inboxTitle'));
  const area = statusArea();
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const status = FILTERS.includes(query.get('status')) ? query.get('status') : 'open';
  const list = h('div', { id: 'inbox' });
  const filter = h('select', { id: 'inbox-filter', onchange: (e) => ctx.navigate(`#/qa?status=${e.target.value}`) },
    FILTERS.map((f) => h('option', { value: f, selected: f === status }, t(`qa.filter.${f}`))));
  const train = await trainPanel(ctx, { onTrained: () => load() });
  const suggestionList = h('div', { id: 'suggestions' });
  ctx.main.append(h('h1', {}, t('qa.inboxTitle')), h('p', { class: 'muted' }, t('qa.inboxIntro')), area,
    h('div', { class: 'two-col' },
      h('section', { class: 'card', 'aria-labelledby': 'inbox-head' },
        h('h2', { id: 'inbox-head' }, t('qa.questions')),
        h('div', { class: 'toolbar' }, h('label', { for: 'inbox-filter' }, t('qa.show')), filter),
        list),
      h('div', {},
        h('section', { class: 'card', 'aria-labelledby': 'suggestions-head' },
          h('h2', { id: 'suggestions-head' }, t('qa.suggestions')), h('p', { class: 'muted' }, t('qa.suggestionsIntro')), suggestionList),
        train.card)));

  let entries = null;
  const allEntries = async () => (entries ??= (await api('GET', `${ctx.tp('/qa/entries')}?limit=500`)).items);

  async function loadSuggestions() {
    const pending = await api('GET', `${ctx.tp('/qa/suggestions')}?status=pending&limit=100`);
    if (!pending.items.length) { replace(suggestionList, h('p', {}, t('qa.suggestionsEmpty'))); return; }
    replace(suggestionList, h('div', {}, pending.items.map((sug) => {
      const question = sug.entry?.question ?? '—';
      return h('article', { class: 'inbox-item' },
        h('p', {}, t('qa.suggestionFor', { phrasing: sug.phrasing, question })),
        sug.message !== sug.phrasing ? h('p', { class: 'muted' }, t('qa.suggestionMessage', { message: sug.message })) : null,
        ctx.can('qa.write') ? h('div', { class: 'actions', role: 'group', 'aria-label': t('qa.actionsFor', { text: sug.phrasing }) },
          h('button', { type: 'button', class: 'btn btn-small btn-primary', onclick: async () => {
            try {
              const done = await api('POST', ctx.tp(`/qa/suggestions/${sug.id}/approve`));
              const text = t(done.training ? 'qa.approved' : 'qa.approvedNoTraining', { phrasing: sug.phrasing, question });
              say(area, 'success', text);
              announce(text);
              await loadSuggestions();
              await load();
            } catch (error) { say(area, 'danger', problemText(error)); }
          } }, t('qa.approve')),
          h('button', { type: 'button', class: 'btn btn-small', onclick: () => act(() => api('POST', ctx.tp(`/qa/suggestions/${sug.id}/dismiss`)), t('qa.dismissed')) }, t('qa.dismiss')))
          : null);
    })));
  }

  async function load() {
    await loadSuggestions();
    const inbox = await api('GET', `${ctx.tp('/qa/inbox')}?status=${status}&limit=100`);
    if (!inbox.items.length) { replace(list, h('p', {}, t('qa.inboxEmpty'))); return; }
    replace(list, h('p', { class: 'muted' }, t('qa.groups', { n: num(inbox.total) })), inbox.items.map(item));
  }

  const act = async (fn, done) => {
    try { await fn(); say(area, 'success', done); announce(done); entries = null; await load(); } catch (error) { say(area, 'danger', problemText(error)); }
  };

  function item(g) {
    const headId = uid('q');
    const box = h('article', { class: 'inbox-item', 'aria-labelledby': headId });
    const panel = h('div');
    box.append(
      h('p', { class: 'inbox-q', id: headId }, g.text),
      h('p', { class: 'muted' }, t('qa.asked', { n: num(g.count), last: dateTime(g.lastAskedAt, ctx.timeZone) }), ' · ', g.channels.map((c) => t(`channels.names.${c}`)).join(', '),
        g.status !== 'new' ? [' · ', t(`qa.filter.${g.status}`)] : null),
      g.examples.length > 1 ? h('ul', { class: 'chips', 'aria-label': t('qa.wordings') }, g.examples.map((x) => h('li', {}, x))) : null,
      g.nowAnswered ? h('p', { class: 'alert alert-success' }, t('qa.answeredBy', { question: g.nowAnswered.question })) : null,
      g.clarifications?.offered ? h('p', { class: 'muted' }, [t('qa.clarified', { n: num(g.clarifications.offered) }),
        ...g.clarifications.chosen.map((c) => `; ${t('qa.clarifiedChosen', { question: c.question, n: num(c.count) })}`),
        g.clarifications.none ? `; ${t('qa.clarifiedNone', { n: num(g.clarifications.none) })}` : ''].join('')) : null);
    if (ctx.can('qa.write')) {
      const actions = g.status === 'ignored'
        ? [h('button', { type: 'button', class: 'btn btn-small', onclick: () => act(() => api('POST', ctx.tp(`/qa/inbox/${g.id}/reopen`)), t('qa.reopened')) }, t('qa.reopen'))]
        : [
          h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false', onclick: (e) => togglePanel(e.currentTarget, () => phrasingForm(g)) }, t('qa.addPhrasing')),
          h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false', onclick: (e) => togglePanel(e.currentTarget, () => entryForm(g)) }, t('qa.createEntry')),
          h('button', { type: 'button', class: 'btn btn-small btn-danger', onclick: () => act(() => api('POST', ctx.tp(`/qa/inbox/${g.id}/ignore`)), t('qa.ignored', { text: g.text })) }, t('qa.ignore')),
        ];
      box.append(h('div', { class: 'actions', role: 'group', 'aria-label': t('qa.actionsFor', { text: g.text }) }, actions), panel);
    }
    let openFrom = null;
    async function togglePanel(button, build) {
      const wasOpen = openFrom === button;
      for (const b of box.querySelectorAll('[aria-expanded]')) b.setAttribute('aria-expanded', 'false');
      replace(panel);
      openFrom = null;
      if (wasOpen) return;
      button.setAttribute('aria-expanded', 'true');
      openFrom = button;
      const form = await build();
      panel.append(form);
      form.querySelector('select, textarea, input')?.focus();
    }
    return box;
  }

  async function phrasingForm(g) {
    const all = await allEntries();
    const candidates = g.candidates.map((c) => c.entryId);
    const select = h('select', { name: 'entryId', required: true },
      g.candidates.length ? h('optgroup', { label: t('qa.suggested') }, g.candidates.map((c) => h('option', { value: c.entryId }, c.question))) : null,
      h('optgroup', { label: t('qa.allEntries') }, all.filter((e) => !candidates.includes(e.id)).map((e) => h('option', { value: e.id }, e.question))));
    const form = h('form', { class: 'card', novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      clearErrors(form);
      act(() => api('POST', ctx.tp(`/qa/inbox/${g.id}/add-phrasing`), { entryId: Number(select.value) }), t('qa.phrasingAdded', { text: g.text }))
        .catch((error) => showErrors(form, error));
    } },
    field({ label: t('qa.toEntry'), control: select }),
    h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('qa.addPhrasing')));
    return form;
  }

  function entryForm(g) {
    const question = h('input', { type: 'text', name: 'question', maxlength: 500, value: g.text.charAt(0).toUpperCase() + g.text.slice(1) });
    const answer = h('textarea', { name: 'answer', maxlength: 4000, rows: 4, required: true });
    const link = h('input', { type: 'url', name: 'linkUrl', placeholder: 'https://' });
    const labels = { question: t('qa.fQuestion'), answer: t('qa.fAnswer'), linkUrl: t('qa.fLink') };
    const form = h('form', { class: 'card', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      clearErrors(form);
      if (!answer.value.trim()) { showErrors(form, { message: t('form.fixBelow'), details: [{ field: 'answer', message: t('form.required') }] }, labels); return; }
      const body = { question: question.value.trim() || g.text, answer: answer.value.trim(), ...(link.value.trim() ? { linkUrl: link.value.trim() } : {}) };
      try {
        await api('POST', ctx.tp(`/qa/inbox/${g.id}/create-entry`), body);
        const done = t('qa.entryCreated', { question: body.question });
        say(area, 'success', done);
        announce(done);
        entries = null;
        await load();
      } catch (error) { showErrors(form, error, labels); }
    } },
    field({ label: labels.question, control: question }),
    field({ label: labels.answer, hint: t('qa.answerHint'), control: answer }),
    field({ label: labels.linkUrl, control: link }),
    h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('qa.createEntry')));
    return form;
  }

  await load();
  return () => train.stop();
}
