// The tasks calendar by due date: a month grid or a week (#/calendar?view=week&date=2026-12-07), as
// tables with column and row headings, followed by the same tasks as a plain list; previous / next
// are buttons (keyboard reachable). Then the iCal feeds: one secret URL for the comune or a group,
// shown once with a copy button, revocable.
import { api } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { dateTime, intlLocale, t } from '../i18n.js';
import { problemText, say, statusArea } from '../form.js';

const DAY = 86_400_000;
const iso = (date) => date.toISOString().slice(0, 10);
/** Calendar dates are handled as UTC midnights; a task's day is its due date in the comune's timezone. */
const parse = (text) => (/^\d{4}-\d{2}-\d{2}$/.test(text ?? '') ? new Date(`${text}T00:00:00Z`) : null);
const mondayOf = (date) => new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * DAY);

export async function render(ctx) {
  ctx.title(t('calendar.title'));
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const view = query.get('view') === 'week' ? 'week' : 'month';
  const locale = intlLocale();
  const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const today = parse(dayKey.format(new Date()));
  const anchor = parse(query.get('date')) ?? today;
  const area = statusArea();
  const go = (v, date) => ctx.navigate(`#/calendar?view=${v}&date=${iso(date)}`);

  // The days shown: the month's weeks (Monday first) or one week.
  const first = view === 'month' ? new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), 1)) : mondayOf(anchor);
  const start = mondayOf(first);
  const end = view === 'month' ? new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() + 1, 1)) : new Date(start.getTime() + 7 * DAY);
  const days = [];
  for (let d = start; d < end || (view === 'month' && days.length % 7 !== 0); d = new Date(d.getTime() + DAY)) days.push(d);
  const previous = view === 'month' ? new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() - 1, 1)) : new Date(start.getTime() - 7 * DAY);
  const next = view === 'month' ? end : new Date(start.getTime() + 7 * DAY);

  const fmt = (options) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options });
  const label = view === 'month' ? fmt({ month: 'long', year: 'numeric' }).format(first)
    : t('calendar.weekOf', { from: fmt({ day: 'numeric', month: 'long' }).format(days[0]), to: fmt({ day: 'numeric', month: 'long', year: 'numeric' }).format(days[6]) });

  // Only the days the page shows (the month's own days, or the week): the API picks them by the comune's days.
  const range = view === 'month' ? [first, new Date(end.getTime() - DAY)] : [days[0], days[6]];
  const { items } = await api('GET', ctx.tp(`/tasks/tasks?dueFrom=${iso(range[0])}&dueTo=${iso(range[1])}`));
  const shown = new Set(days.map(iso));
  const byDay = new Map();
  for (const task of items.filter((x) => x.dueAt).sort((a, b) => a.dueAt.localeCompare(b.dueAt))) {
    const key = dayKey.format(new Date(task.dueAt));
    if (view === 'month' ? key.slice(0, 7) !== iso(first).slice(0, 7) : !shown.has(key)) continue;
    byDay.set(key, [...(byDay.get(key) ?? []), task]);
  }
  const time = new Intl.DateTimeFormat(locale, { timeZone: ctx.timeZone, timeStyle: 'short' });
  const taskLink = (task) => h('li', {}, h('a', { href: `#/tasks/${task.id}` }, `${time.format(new Date(task.dueAt))} ${task.title}`),
    ' ', h('span', { class: 'muted' }, t(`tasks.state.${task.state}`)), task.priority === 'urgent' ? [' · ', h('strong', {}, t('tasks.priority.urgent'))] : null);
  const cell = (d) => {
    const tasks = byDay.get(iso(d)) ?? [];
    const outside = view === 'month' && d.getUTCMonth() !== first.getUTCMonth();
    return h('td', { class: outside ? 'muted' : null, ...(iso(d) === iso(today) ? { 'aria-current': 'date' } : {}) },
      h('span', { class: 'cal-day' }, String(d.getUTCDate())),
      tasks.length ? h('ul', { class: 'cal-tasks' }, tasks.map(taskLink)) : null);
  };
  const weekday = fmt({ weekday: 'long' });
  const weeks = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  const grid = view === 'month'
    ? h('table', { class: 'calendar' }, h('caption', {}, label),
      h('thead', {}, h('tr', {}, days.slice(0, 7).map((d) => h('th', { scope: 'col' }, weekday.format(d))))),
      h('tbody', {}, weeks.map((w) => h('tr', {}, w.map(cell)))))
    : h('table', { class: 'calendar calendar-week' }, h('caption', {}, label),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('calendar.day')), h('th', { scope: 'col' }, t('calendar.tasks')))),
      h('tbody', {}, days.map((d) => h('tr', {}, h('th', { scope: 'row' }, fmt({ weekday: 'long', day: 'numeric', month: 'long' }).format(d)),
        (() => { const c = cell(d); c.querySelector('.cal-day')?.remove(); return c; })()))));
  const dataList = [...byDay.entries()];

  const nav = h('div', { class: 'toolbar', role: 'group', 'aria-label': t('calendar.navigation') },
    h('button', { type: 'button', class: 'btn btn-small', onclick: () => go(view, previous) }, view === 'month' ? t('calendar.prevMonth') : t('calendar.prevWeek')),
    h('button', { type: 'button', class: 'btn btn-small', onclick: () => go(view, today) }, t('calendar.today')),
    h('button', { type: 'button', class: 'btn btn-small', onclick: () => go(view, next) }, view === 'month' ? t('calendar.nextMonth') : t('calendar.nextWeek')),
    h('a', { class: 'btn btn-small', href: `#/calendar?view=${view === 'month' ? 'week' : 'month'}&date=${iso(anchor)}` }, view === 'month' ? t('calendar.weekView') : t('calendar.monthView')));

  const feeds = h('div');
  ctx.main.append(h('h1', {}, t('calendar.title')), h('p', { class: 'muted' }, t('calendar.intro')), area, nav,
    h('div', { class: 'table-wrap' }, grid),
    h('section', { 'aria-labelledby': 'cal-list' }, h('h2', { id: 'cal-list' }, t('calendar.listTitle', { period: label })),
      dataList.length ? h('dl', {}, dataList.map(([key, tasks]) => [h('dt', {}, fmt({ weekday: 'long', day: 'numeric', month: 'long' }).format(parse(key))), h('dd', {}, h('ul', {}, tasks.map(taskLink)))]))
        : h('p', {}, t('calendar.empty'))),
    feeds);
  await feedSection(ctx, feeds, area);
}

async function feedSection(ctx, box, area) {
  const [feeds, groups] = await Promise.all([api('GET', ctx.tp('/tasks/feeds')), api('GET', ctx.tp('/staff/groups'))]);
  const groupName = (id) => (id === null ? t('calendar.wholeComune') : groups.items.find((g) => g.id === id)?.name ?? `#${id}`);
  const fresh = h('div', { 'aria-live': 'polite' });
  const write = ctx.can('tasks.write');
  const target = h('select', { id: 'feed-group' }, h('option', { value: '' }, t('calendar.wholeComune')), groups.items.map((g) => h('option', { value: String(g.id) }, g.name)));
  const reload = () => feedSection(ctx, replace(box), area);
  replace(box, h('section', { 'aria-labelledby': 'feeds-title' },
    h('h2', { id: 'feeds-title' }, t('calendar.feeds')),
    h('p', { class: 'muted' }, t('calendar.feedsIntro')),
    fresh,
    feeds.items.length ? h('table', {}, h('caption', { class: 'visually-hidden' }, t('calendar.feeds')),
      h('thead', {}, h('tr', {}, ['for', 'created', 'status'].map((k) => h('th', { scope: 'col' }, t(`calendar.feed.${k}`))), write ? h('th', { scope: 'col' }, t('staff.col.actions')) : null)),
      h('tbody', {}, feeds.items.map((f) => h('tr', {},
        h('td', {}, groupName(f.groupId)), h('td', {}, dateTime(f.createdAt, ctx.timeZone)),
        h('td', {}, f.revoked ? t('calendar.feed.revoked') : t('calendar.feed.active')),
        write ? h('td', {}, f.revoked ? '' : h('button', { type: 'button', class: 'btn btn-small', onclick: async () => {
          try { await api('POST', ctx.tp(`/tasks/feeds/${f.id}/revoke`), {}); await reload(); say(area, 'success', t('calendar.feedRevoked')); announce(t('calendar.feedRevoked')); } catch (error) { say(area, 'danger', problemText(error)); }
        } }, t('calendar.revoke'))) : null)))) : null,
    write ? h('form', { class: 'toolbar', 'aria-label': t('calendar.newFeed'), onsubmit: async (e) => {
      e.preventDefault();
      try {
        const created = await api('POST', ctx.tp('/tasks/feeds'), { groupId: target.value ? Number(target.value) : null });
        await reload();
        // The API answers a path; a calendar app needs the full address.
        showUrl(box.querySelector('[aria-live]'), new URL(created.url, location.origin).href, groupName(created.groupId));
      } catch (error) { say(area, 'danger', problemText(error)); }
    } },
    h('label', { for: 'feed-group' }, t('calendar.feedFor')), target,
    h('button', { type: 'submit', class: 'btn btn-small' }, t('calendar.newFeed'))) : null));
}

/** The new feed's URL, once (only its hash is kept), with a copy button. */
function showUrl(slot, url, target) {
  const input = h('input', { type: 'text', id: 'feed-url', readonly: true, value: url, size: Math.min(url.length, 80) });
  const copied = h('span', { role: 'status' });
  replace(slot, h('div', { class: 'alert alert-success' },
    h('p', {}, t('calendar.feedOnce', { target })),
    h('label', { for: 'feed-url' }, t('calendar.feedUrl')), ' ', input, ' ',
    h('button', { type: 'button', class: 'btn btn-small', onclick: async () => {
      input.select();
      try { await navigator.clipboard.writeText(url); } catch { document.execCommand('copy'); }
      copied.textContent = t('calendar.copied');
    } }, t('calendar.copy')), ' ', copied));
  input.focus();
}
