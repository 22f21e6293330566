// Tasks (gestione attività): the list with filters (#/tasks?state=in_corso&group=3&priority=urgent),
// the create form, and one task (#/tasks/12) with its timeline, material (images shown, audio and
// video playable) and cancel; the map view (#/tasks?view=map) draws the open tasks' GeoJSON.
import { api, ApiError } from '../api.js';
import { announce, bytes, h, replace } from '../dom.js';
import { clearErrors, confirmDialog, field, problemText, say, showErrors, statusArea } from '../form.js';
import { dateTime, t } from '../i18n.js';
import { mountMap, viewSwitch } from '../map.js';

/** What the media library accepts for a task (checked again on the bytes by the server). */
const ATTACHMENT_TYPES = { 'image/jpeg': 10, 'image/png': 10, 'image/webp': 10, 'application/pdf': 20 };
const MAX_ATTACHMENTS = 10;

export const STATES = ['nuovo', 'notificato', 'preso_in_carico', 'in_corso', 'completato', 'non_completabile', 'annullato'];
const CLOSED = ['completato', 'non_completabile', 'annullato'];

export async function render(ctx, params = []) {
  if (params[0] === 'new') return create(ctx);
  if (params[0]) return detail(ctx, Number(params[0]));
  return list(ctx);
}

async function list(ctx) {
  ctx.title(t('tasks.title'));
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const area = statusArea();
  const table = h('div');
  const groups = (await api('GET', ctx.tp('/staff/groups'))).items;
  const filters = new URLSearchParams();
  if (STATES.includes(query.get('state'))) filters.set('state', query.get('state'));
  if (/^\d+$/.test(query.get('group') ?? '')) filters.set('groupId', query.get('group'));
  if (['urgent', 'normal'].includes(query.get('priority'))) filters.set('priority', query.get('priority'));
  const state = h('select', { id: 'tasks-state', name: 'state' }, h('option', { value: '' }, t('tasks.allStates')),
    STATES.map((s) => h('option', { value: s, selected: filters.get('state') === s }, t(`tasks.state.${s}`))));
  const group = h('select', { id: 'tasks-group', name: 'group' }, h('option', { value: '' }, t('tasks.allGroups')),
    groups.map((g) => h('option', { value: String(g.id), selected: filters.get('groupId') === String(g.id) }, g.name)));
  const priority = h('select', { id: 'tasks-priority', name: 'priority' }, h('option', { value: '' }, t('tasks.allPriorities')),
    ['urgent', 'normal'].map((p) => h('option', { value: p, selected: filters.get('priority') === p }, t(`tasks.priority.${p}`))));
  const form = h('form', { class: 'toolbar', 'aria-label': t('tasks.filters'), onsubmit: (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (state.value) next.set('state', state.value);
    if (group.value) next.set('group', group.value);
    if (priority.value) next.set('priority', priority.value);
    ctx.navigate(`#/tasks?${next}`);
  } },
  h('label', { for: 'tasks-state' }, t('tasks.col.state')), state,
  h('label', { for: 'tasks-group' }, t('tasks.group')), group,
  h('label', { for: 'tasks-priority' }, t('tasks.col.priority')), priority,
  h('button', { type: 'submit', class: 'btn btn-small' }, t('tasks.filter')));
  const view = query.get('view') === 'map' ? 'map' : 'list';
  ctx.main.append(h('h1', {}, t('tasks.title')), h('p', { class: 'muted' }, t('tasks.intro')), area,
    ctx.can('tasks.write') ? h('p', {}, h('a', { class: 'btn btn-primary', href: '#/tasks/new' }, t('tasks.new'))) : null,
    viewSwitch('#/tasks', '#/tasks?view=map', view),
    view === 'map' ? h('p', { class: 'muted' }, t('map.openTasks')) : form, table);
  if (view === 'map') return tasksMap(ctx, table, area);
  try {
    const { items } = await api('GET', `${ctx.tp('/tasks/tasks')}?${filters}`);
    if (!items.length) { replace(table, h('p', {}, t('tasks.empty'))); return; }
    const groupName = (id) => groups.find((g) => g.id === id)?.name ?? `#${id}`;
    replace(table, h('div', { class: 'table-wrap' }, h('table', {}, h('caption', { class: 'visually-hidden' }, t('tasks.title')),
      h('thead', {}, h('tr', {}, ['title', 'state', 'priority', 'groups', 'assignee', 'due'].map((k) => h('th', { scope: 'col' }, t(`tasks.col.${k}`))))),
      h('tbody', {}, items.map((task) => h('tr', {},
        h('td', {}, h('a', { href: `#/tasks/${task.id}` }, task.title)),
        h('td', {}, h('span', { class: `badge badge-${task.state}` }, t(`tasks.state.${task.state}`))),
        h('td', {}, t(`tasks.priority.${task.priority}`)),
        h('td', {}, task.groupIds.map(groupName).join(', ')),
        h('td', {}, task.assignee?.name ?? '—'),
        h('td', {}, dateTime(task.dueAt, ctx.timeZone))))))));
  } catch (error) { say(area, 'danger', problemText(error)); }
}

/** Open tasks with a position (the GeoJSON feed) on the map. */
async function tasksMap(ctx, table, area) {
  try {
    const collection = await api('GET', ctx.tp('/tasks/geojson'));
    return await mountMap(table, {
      features: collection.features, label: t('tasks.title'),
      describe: (f) => ({ label: f.properties.title, href: `#/tasks/${f.id}`, details: [t(`tasks.state.${f.properties.state}`), t(`tasks.priority.${f.properties.priority}`), f.properties.address] }),
    });
  } catch (error) { say(area, 'danger', problemText(error)); return undefined; }
}

async function create(ctx) {
  ctx.title(t('tasks.new'));
  const area = statusArea();
  const groups = (await api('GET', ctx.tp('/staff/groups'))).items;
  const title = h('input', { type: 'text', name: 'title', maxlength: 200, required: true });
  const description = h('textarea', { name: 'description', rows: 4, maxlength: 4000 });
  const priority = h('select', { name: 'priority' }, ['normal', 'urgent'].map((p) => h('option', { value: p }, t(`tasks.priority.${p}`))));
  const due = h('input', { type: 'datetime-local', name: 'dueAt' });
  const address = h('input', { type: 'text', name: 'address', maxlength: 300 });
  const latitude = h('input', { type: 'number', name: 'latitude', step: 'any', min: -90, max: 90 });
  const longitude = h('input', { type: 'number', name: 'longitude', step: 'any', min: -180, max: 180 });
  const escalation = h('select', { name: 'escalationGroupId' }, h('option', { value: '' }, t('tasks.noEscalationGroup')), groups.map((g) => h('option', { value: String(g.id) }, g.name)));
  const files = h('input', { type: 'file', name: 'attachments', multiple: true, accept: Object.keys(ATTACHMENT_TYPES).join(',') });
  const attached = []; // { id, fileName, mimeType, size }
  const attachedList = h('ul', { class: 'attachment-list', 'aria-live': 'polite' });
  const labels = { title: t('tasks.col.title'), description: t('tasks.description'), groupIds: t('tasks.col.groups'), dueAt: t('tasks.col.due'), latitude: t('tasks.latitude'), longitude: t('tasks.longitude'), address: t('tasks.address'), attachments: t('tasks.attachments'), escalationGroupId: t('tasks.escalationGroup') };
  const showAttached = () => replace(attachedList, attached.map((a) => h('li', {}, `${a.fileName} · ${bytes(a.size)} `,
    h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': t('tasks.removeAttachment', { name: a.fileName }), onclick: () => {
      attached.splice(attached.indexOf(a), 1);
      showAttached();
      announce(t('tasks.attachmentRemoved', { name: a.fileName }));
    } }, t('tasks.remove')))));
  // Each chosen file is checked here (type, size) and uploaded at once; the task carries the ids.
  files.addEventListener('change', async () => {
    clearErrors(form);
    const fail = (message) => showErrors(form, new ApiError({ status: 400, code: 'validation-failed', message: t('tasks.uploadFailed'), details: [{ field: 'attachments', message }] }), labels);
    for (const file of [...(files.files ?? [])]) {
      const maxMb = ATTACHMENT_TYPES[file.type];
      if (!maxMb) return fail(t('tasks.wrongType', { name: file.name }));
      if (file.size > maxMb * 1024 * 1024) return fail(t('tasks.tooLarge', { name: file.name, max: `${maxMb} MB` }));
      if (attached.length >= MAX_ATTACHMENTS) return fail(t('tasks.tooMany', { n: MAX_ATTACHMENTS }));
      try {
        const body = new FormData();
        body.append('file', file, file.name);
        attached.push(await api('POST', ctx.tp('/tasks/attachments'), body));
        showAttached();
        announce(t('tasks.uploaded', { name: file.name }));
      } catch (error) { return fail(problemText(error)); }
    }
    files.value = '';
  });
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'task-new', onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(form);
    const number = (input) => (input.value.trim() === '' ? null : Number(input.value));
    const body = {
      title: title.value.trim(), description: description.value.trim(), priority: priority.value,
      groupIds: [...form.querySelectorAll('fieldset input:checked')].map((x) => Number(x.value)),
      dueAt: due.value ? new Date(due.value).toISOString() : null,
      address: address.value.trim() || null, latitude: number(latitude), longitude: number(longitude),
      attachments: attached.map((a) => a.id), escalationGroupId: escalation.value ? Number(escalation.value) : null,
    };
    try {
      const created = await api('POST', ctx.tp('/tasks/tasks'), body);
      ctx.navigate(`#/tasks/${created.task.id}`);
      const done = created.warning ? t('tasks.createdNobody') : t('tasks.created', { n: created.notified });
      announce(done);
    } catch (error) { showErrors(form, error, labels); }
  } },
  h('h2', { id: 'task-new', class: 'visually-hidden' }, t('tasks.new')),
  field({ label: labels.title, control: title }),
  field({ label: labels.description, control: description, counter: 4000 }),
  field({ label: t('tasks.col.priority'), hint: t('tasks.urgentHint'), control: priority }),
  h('fieldset', { dataset: { field: 'groupIds' } }, h('legend', {}, labels.groupIds),
    groups.length ? groups.map((g) => h('div', { class: 'check' },
      h('input', { type: 'checkbox', id: `task-group-${g.id}`, value: String(g.id) }),
      h('label', { for: `task-group-${g.id}` }, g.name, ' ', h('span', { class: 'muted' }, t('tasks.membersN', { n: g.memberCount }))))) : h('p', {}, t('tasks.noGroups')),
    h('p', { class: 'field-error', hidden: true })),
  field({ label: labels.escalationGroupId, hint: t('tasks.escalationHint'), control: escalation }),
  field({ label: labels.dueAt, hint: t('tasks.dueHint'), control: due }),
  field({ label: labels.attachments, hint: t('tasks.attachmentsHint'), control: files }), attachedList,
  field({ label: labels.address, control: address }),
  h('div', { class: 'inline-fields' }, field({ label: labels.latitude, control: latitude }), field({ label: labels.longitude, control: longitude })),
  h('button', { type: 'submit', class: 'btn btn-primary' }, t('tasks.send')));
  ctx.main.append(h('p', {}, h('a', { href: '#/tasks' }, t('tasks.back'))), h('h1', {}, t('tasks.new')), area, form);
}

async function detail(ctx, id) {
  const area = statusArea();
  const box = h('div');
  ctx.main.append(h('p', {}, h('a', { href: '#/tasks' }, t('tasks.back'))), box);
  const load = async () => {
    const [task, groups] = await Promise.all([api('GET', ctx.tp(`/tasks/tasks/${id}`)), api('GET', ctx.tp('/staff/groups'))]);
    ctx.title(task.title);
    const mediaUrl = (mediaId) => `/api/v1${ctx.tp(`/tasks/tasks/${task.id}/media/${encodeURIComponent(mediaId)}`)}`;
    const place = (lat, lon) => h('a', { href: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=18/${lat}/${lon}`, rel: 'noopener', target: '_blank' }, `${lat.toFixed(5)}, ${lon.toFixed(5)}`);
    const material = task.timeline.filter((e) => e.mediaId);
    let n = 0;
    const media = (mediaId, kind) => {
      n += 1;
      if (kind === 'audio') return h('audio', { src: mediaUrl(mediaId), controls: true, preload: 'metadata', 'aria-label': t('tasks.audioN', { n }) });
      if (kind === 'video') return h('video', { src: mediaUrl(mediaId), controls: true, preload: 'metadata', 'aria-label': t('tasks.videoN', { n }) });
      if (kind === 'photo' || kind === 'image') return h('a', { href: mediaUrl(mediaId), target: '_blank', rel: 'noopener' }, h('img', { src: mediaUrl(mediaId), alt: t('tasks.photoN', { n, title: task.title }), loading: 'lazy', width: 240 }));
      return h('a', { href: mediaUrl(mediaId), download: '' }, t('tasks.fileN', { n }));
    };
    // The manager's own attachments, numbered apart from the material: an image is shown, and a PDF
    // (the list holds ids only) turns into a download link when it does not load as an image.
    const attachment = (mediaId, i) => {
      const link = h('a', { href: mediaUrl(mediaId), target: '_blank', rel: 'noopener' });
      link.append(h('img', { src: mediaUrl(mediaId), alt: t('tasks.attachmentN', { n: i + 1, title: task.title }), loading: 'lazy', width: 240,
        onerror: () => { link.removeAttribute('target'); link.setAttribute('download', ''); replace(link, t('tasks.attachmentFileN', { n: i + 1 })); } }));
      return link;
    };
    replace(box,
      h('h1', {}, task.title, ' ', h('span', { class: `badge badge-${task.state}` }, t(`tasks.state.${task.state}`))),
      area,
      h('section', { class: 'card', 'aria-labelledby': 't-what' },
        h('h2', { id: 't-what' }, t('tasks.what')),
        task.description ? h('p', {}, task.description) : null,
        h('dl', {},
          h('dt', {}, t('tasks.col.priority')), h('dd', {}, t(`tasks.priority.${task.priority}`)),
          h('dt', {}, t('tasks.col.groups')), h('dd', {}, task.groupIds.map((g) => groups.items.find((x) => x.id === g)?.name ?? `#${g}`).join(', ')),
          h('dt', {}, t('tasks.col.due')), h('dd', {}, dateTime(task.dueAt, ctx.timeZone)),
          h('dt', {}, t('tasks.col.assignee')), h('dd', {}, task.assignee ? task.assignee.name : '—', task.etaMinutes ? ` · ${t('tasks.eta', { n: task.etaMinutes })}` : ''),
          task.address || task.latitude !== null ? [h('dt', {}, t('tasks.address')), h('dd', {}, task.address ?? '', task.address && task.latitude !== null ? ' · ' : '', task.latitude !== null ? place(task.latitude, task.longitude) : '')] : null,
          h('dt', {}, t('tasks.createdBy')), h('dd', {}, task.createdBy, ' · ', dateTime(task.createdAt, ctx.timeZone))),
        task.attachments.length ? h('div', { class: 'report-media' }, task.attachments.map(attachment)) : null),
      h('section', { class: 'card', 'aria-labelledby': 't-material' },
        h('h2', { id: 't-material' }, t('tasks.material')),
        material.length ? h('ul', { class: 'report-media' }, material.map((e) => h('li', {}, media(e.mediaId, e.mediaKind), h('p', { class: 'muted' }, e.actor, ' · ', dateTime(e.at, ctx.timeZone)))))
          : h('p', { class: 'muted' }, t('tasks.noMaterial'))),
      ctx.can('tasks.write') && !CLOSED.includes(task.state) ? cancelForm(task) : null,
      h('section', { class: 'card', 'aria-labelledby': 't-time' },
        h('h2', { id: 't-time' }, t('tasks.timeline')),
        h('ol', {}, task.timeline.map((e) => h('li', {},
          h('strong', {}, dateTime(e.at, ctx.timeZone)), ' · ', t(`tasks.event.${e.kind}`),
          e.toState ? ` → ${t(`tasks.state.${e.toState}`)}` : '', ` · ${e.actor}`,
          e.mediaKind ? ` · ${t(`tasks.kind.${e.mediaKind}`)}` : '',
          e.latitude !== null ? [' · ', place(e.latitude, e.longitude)] : null,
          e.note ? h('p', { class: 'muted' }, e.note) : null)))));
  };

  function cancelForm(task) {
    const note = h('textarea', { name: 'note', rows: 2, maxlength: 2000 });
    const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 't-cancel', onsubmit: async (e) => {
      e.preventDefault();
      clearErrors(form);
      if (!(await confirmDialog({ title: t('tasks.cancelTitle'), body: task.title, confirm: t('tasks.cancel'), danger: true }))) return;
      try {
        await api('POST', ctx.tp(`/tasks/tasks/${task.id}/cancel`), note.value.trim() ? { note: note.value.trim() } : {});
        await load();
        say(area, 'success', t('tasks.cancelled'));
        announce(t('tasks.cancelled'));
      } catch (error) { showErrors(form, error, { note: t('tasks.cancelNote') }); }
    } },
    h('h2', { id: 't-cancel' }, t('tasks.cancelTitle')),
    field({ label: t('tasks.cancelNote'), control: note }),
    h('button', { type: 'submit', class: 'btn btn-danger' }, t('tasks.cancel')));
    return form;
  }

  try { await load(); } catch (error) { ctx.title(t('tasks.title')); replace(box, h('h1', {}, t('tasks.title')), h('div', { class: 'alert alert-danger', role: 'alert' }, problemText(error))); }
}
