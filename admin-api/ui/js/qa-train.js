// Retraining the Q&A model: POST /qa/train (202), then GET /qa/model until the run ends, then a
// summary of what changed: model version, entries and phrasings, and which logged questions the new
// model now answers (the inbox's `nowAnswered`, compared with before the run).
import { api } from './api.js';
import { announce, h, replace } from './dom.js';
import { problemText } from './form.js';
import { dateTime, num, t } from './i18n.js';

const POLL_MS = 700;

const answeredMap = async (ctx) => {
  const inbox = await api('GET', `${ctx.tp('/qa/inbox')}?status=all&limit=200`);
  return { items: inbox.items, answered: new Map(inbox.items.filter((g) => g.nowAnswered).map((g) => [g.id, g.nowAnswered.key])) };
};

/** The retrain card. `onTrained` runs after a successful run (e.g. to reload the inbox). */
export async function trainPanel(ctx, { onTrained } = {}) {
  const status = h('p', { id: 'model-status' });
  const calibration = h('p', { id: 'model-calibration', class: 'muted' });
  const progress = h('div', { id: 'train-progress', role: 'status', 'aria-live': 'polite' });
  const summary = h('div', { id: 'train-summary' });
  const button = h('button', { type: 'button', class: 'btn btn-primary', id: 'retrain' }, t('qa.retrain'));
  const card = h('section', { class: 'card', 'aria-labelledby': 'train-head' },
    h('h2', { id: 'train-head' }, t('qa.model')), status, calibration, ctx.can('qa.write') ? button : null, progress, summary);

  const showStatus = (model) => {
    const c = model.current;
    status.textContent = c ? t('qa.modelNow', { version: c.version, entries: num(c.entryCount), phrasings: num(c.phrasingCount), when: dateTime(c.trainedAt, ctx.timeZone) }) : t('qa.noModel');
    if (model.latest?.status === 'failed') status.textContent += ` ${t('qa.lastFailed', { error: model.latest.error?.message ?? '' })}`;
    // The bands the model decides with, from the library's own cross-validation (see docs/qa-evaluation.md).
    const cal = c?.calibration;
    const fixed = (x) => num(Number(x.toFixed(2)));
    const pct = (x) => num(Math.round(x * 100));
    calibration.textContent = !cal ? ''
      : cal.method === 'cross-validation'
        ? `${t('qa.calibrated', { n: num(cal.inScopeSamples), answer: fixed(cal.answer), clarify: fixed(cal.clarify) })}${cal.expected
          ? ` ${t('qa.calibrationExpected', { right: pct(cal.expected.rightDirect), wrong: pct(cal.expected.wrongDirect), clarified: pct(cal.expected.clarified) })}` : ''}`
        : t('qa.calibrationDefault', { answer: fixed(cal.answer), clarify: fixed(cal.clarify) });
  };
  showStatus(await api('GET', ctx.tp('/qa/model')));

  let stopped = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    replace(summary);
    try {
      const before = await api('GET', ctx.tp('/qa/model'));
      const beforeAnswered = (await answeredMap(ctx)).answered;
      const run = await api('POST', ctx.tp('/qa/train'));
      replace(progress, h('div', { class: 'progress-row' }, h('progress', { 'aria-label': t('qa.training') }), h('span', {}, t('qa.training'))));
      let model;
      for (;;) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        if (stopped) return;
        model = await api('GET', ctx.tp('/qa/model'));
        if (model.latest && model.latest.id === run.id && model.latest.status !== 'training') break;
      }
      showStatus(model);
      if (model.latest.status === 'failed') {
        replace(progress, h('div', { class: 'alert alert-danger' }, t('qa.trainFailed', { error: model.latest.error?.message ?? '' })));
        return;
      }
      replace(progress, h('p', {}, t('qa.trainDone', { version: model.latest.version, ms: num(model.latest.trainMs ?? 0) })));
      const after = await answeredMap(ctx);
      const newly = after.items.filter((g) => g.nowAnswered && beforeAnswered.get(g.id) !== g.nowAnswered.key);
      const prev = before.current;
      const cur = model.current;
      replace(summary, h('div', { class: 'alert alert-success' },
        h('h2', {}, t('qa.changes')),
        h('ul', {},
          h('li', {}, t('qa.versionChange', { from: prev?.version ?? '—', to: cur.version })),
          h('li', {}, t('qa.entriesChange', { from: num(prev?.entryCount ?? 0), to: num(cur.entryCount) })),
          h('li', {}, t('qa.phrasingsChange', { from: num(prev?.phrasingCount ?? 0), to: num(cur.phrasingCount) }))),
        newly.length ? [h('p', {}, t('qa.nowAnswers', { n: newly.length })),
          h('ul', { id: 'now-answered' }, newly.map((g) => h('li', {}, `«${g.text}» → ${g.nowAnswered.question}`)))]
          : h('p', {}, t('qa.nothingNew'))));
      announce(t('qa.trainDone', { version: cur.version, ms: num(model.latest.trainMs ?? 0) }));
      await onTrained?.();
    } catch (error) {
      replace(progress, h('div', { class: 'alert alert-danger', role: 'alert' }, problemText(error)));
    } finally {
      button.disabled = false;
    }
  });
  return { card, stop: () => { stopped = true; } };
}
