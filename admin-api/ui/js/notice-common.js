// Shared by the dashboard, the notices list and compose: categories, status badges, delivery stats.
import { api } from './api.js';
import { h } from './dom.js';
import { currentLang, num, t } from './i18n.js';

/** The comune's categories, with a label in the interface language. */
export async function loadCategories(ctx) {
  const rows = await api('GET', ctx.tp('/categories'));
  return rows.map((c) => ({ ...c, label: c.labels[currentLang()] ?? c.labels.it ?? Object.values(c.labels)[0] ?? c.key }));
}

/** A status badge (text, not colour alone). */
export const statusBadge = (status) => h('span', { class: `badge badge-${status}` }, t(`status.${status}`));

/**
 * Delivery stats normalised (GET …/notices/:id/stats and the progress events: {status, audience,
 * byStatus, byChannel, failures}) plus the derived `done` and `percent`.
 */
export function normStats(raw) {
  if (!raw) return null;
  const by = raw.byStatus ?? {};
  const byStatus = { pending: by.pending ?? 0, sending: by.sending ?? 0, sent: by.sent ?? 0, failed: by.failed ?? 0 };
  const audience = raw.audience ?? (byStatus.pending + byStatus.sending + byStatus.sent + byStatus.failed);
  const done = byStatus.sent + byStatus.failed;
  return {
    audience, byStatus, byChannel: raw.byChannel ?? {}, failures: raw.failures ?? {},
    // While the recipients are still being copied into the outbox the audience can be 0: that is
    // 0% of a send that has just begun, not 100% of an empty one.
    done, percent: audience > 0 ? Math.floor((done / audience) * 100) : raw.status === 'sending' ? 0 : 100,
  };
}

/** "Sent 3 of 5 (60%) · 1 failed" */
export function progressText(stats) {
  return t('notices.progress', { done: num(stats.done), audience: num(stats.audience), percent: stats.percent, sent: num(stats.byStatus.sent), failed: num(stats.byStatus.failed) });
}

/** A <progress> with its text, both updated by `update(stats)`. */
export function progressBar(label) {
  const bar = h('progress', { max: 100, value: 0, 'aria-label': label });
  const text = h('span', { class: 'progress-text' });
  const el = h('div', { class: 'progress-row' }, bar, text);
  return {
    el,
    update(stats) {
      bar.value = stats.percent;
      bar.setAttribute('aria-valuetext', progressText(stats));
      text.textContent = progressText(stats);
    },
  };
}

/**
 * Follows a notice's delivery through the API's server-sent events (`progress` with the stats,
 * `done` at the end). Returns a function that stops listening.
 */
export function followProgress(ctx, noticeId, { onProgress, onDone }) {
  const source = new EventSource(`/api/v1${ctx.tp(`/notices/${noticeId}/progress`)}`, { withCredentials: true });
  let last = null;
  source.addEventListener('progress', (e) => {
    try { last = normStats(JSON.parse(e.data)); onProgress(last); } catch { /* a malformed frame: wait for the next */ }
  });
  source.addEventListener('done', (e) => {
    source.close();
    let stats = last;
    try { if (e.data) stats = normStats(JSON.parse(e.data)) ?? last; } catch { /* keep the last */ }
    onDone(stats);
  });
  // The browser reconnects by itself on network errors; a closed stream (e.g. 404) ends here.
  source.addEventListener('error', () => { if (source.readyState === EventSource.CLOSED) onDone(last); });
  return () => source.close();
}
