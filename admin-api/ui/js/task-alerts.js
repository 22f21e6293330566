// The managers' live task alerts: while someone who may read tasks is signed in, the shell listens to
// the tasks' alert stream (GET …/tasks/events, server-sent events from every process) and shows each
// escalation under the navigation on whatever page is open, with a link to the task and a close button.
// A comune without the tasks module answers 404: the stream closes and nothing is shown.
import { h, replace } from './dom.js';
import { t } from './i18n.js';

let source = null;

/** (Re)opens the stream for the signed-in user and comune in `ctx`; closes it when there is none. */
export function watchTaskAlerts(ctx, slot) {
  source?.close();
  source = null;
  if (!slot) return;
  replace(slot);
  if (!ctx.me || !ctx.tenant || !ctx.can('tasks.read')) return;
  const stream = new EventSource(`/api/v1${ctx.tp('/tasks/events')}`, { withCredentials: true });
  source = stream;
  stream.addEventListener('escalated', (event) => {
    const { task, level, allRefused } = JSON.parse(event.data);
    const text = t(level >= 2 ? 'tasks.alertEscalated' : 'tasks.alertRenotified', { title: task.title });
    const item = h('div', { class: 'alert alert-warning', dataset: { task: String(task.id), level: String(level) } },
      h('p', {}, h('strong', {}, t('tasks.alertTitle')), ' ', text, allRefused ? ` ${t('tasks.alertAllRefused')}` : ''),
      h('p', {}, h('a', { href: `#/tasks/${task.id}` }, t('tasks.alertOpen')), ' ',
        h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('tasks.alertDismissTask', { title: task.title }), onclick: () => item.remove() }, t('tasks.alertDismiss'))));
    slot.append(item);
  });
  stream.addEventListener('error', () => { if (stream.readyState === EventSource.CLOSED && source === stream) source = null; });
}
