// Handoff: the operators' live inbox (#/handoff) and one conversation (#/handoff/<id>). Live through
// the server-sent events of GET …/handoff/events; presence set here and renewed every 30 s while the
// page is open (it expires on the server when the tab goes away). A new waiting person raises the alert
// of handoff-alert.js on both pages (banner, announcement, sound, browser notification where allowed).
import { api } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { field, problemText, say, statusArea } from '../form.js';
import { alertBanner, alertNewRequest } from '../handoff-alert.js';
import { attachControl, cannedPicker, messageFile, transferForm } from '../handoff-controls.js';
import { cannedRepliesSection } from '../handoff-canned-admin.js';
import { telegramAlertsPanel } from '../handoff-telegram.js';
import { dateTime, t } from '../i18n.js';

const HEARTBEAT_MS = 30_000;

export async function render(ctx, params) {
  const id = Number(params[0]);
  return Number.isInteger(id) && id > 0 ? conversationPage(ctx, id) : inboxPage(ctx);
}

/**
 * Sets the presence (first heartbeat) and then opens the live stream, so "live" on the page means both:
 * requests made from then on reach this operator. Each `ready` (also after a reconnect) reloads, since
 * changes made while the stream was down were not pushed. Returns the cleanup.
 */
async function live(ctx, indicator, onEvent) {
  let timer = null;
  if (ctx.can('handoff.write')) {
    const beat = () => api('PUT', ctx.tp('/handoff/presence'), { status: sessionStorage.getItem('handoff.presence') ?? 'online' }).catch(() => undefined);
    await beat();
    timer = setInterval(beat, HEARTBEAT_MS);
  }
  const source = new EventSource(`/api/v1${ctx.tp('/handoff/events')}`, { withCredentials: true });
  for (const name of ['conversation', 'message', 'note', 'resync']) source.addEventListener(name, (e) => onEvent(name, JSON.parse(e.data)));
  source.addEventListener('ready', () => { liveState(indicator, 'on'); onEvent('resync', {}); });
  source.addEventListener('error', () => liveState(indicator, 'off'));
  return () => { source.close(); if (timer) clearInterval(timer); };
}

/** The page's "updating live" line: operators (and tests) see whether new requests will appear. */
function liveIndicator() {
  return h('p', { class: 'muted handoff-live', id: 'handoff-live', role: 'status', dataset: { live: 'connecting' } }, t('handoff.live.connecting'));
}
function liveState(indicator, state) {
  if (indicator.dataset.live === state) return;
  indicator.dataset.live = state;
  replace(indicator, t(`handoff.live.${state}`));
}

function presenceControl(ctx) {
  if (!ctx.can('handoff.write')) return null;
  const select = h('select', { id: 'handoff-presence', onchange: async (e) => {
    sessionStorage.setItem('handoff.presence', e.target.value);
    await api('PUT', ctx.tp('/handoff/presence'), { status: e.target.value });
    announce(t(`handoff.presence.${e.target.value}`));
  } }, ['online', 'away', 'offline'].map((s) => h('option', { value: s, selected: (sessionStorage.getItem('handoff.presence') ?? 'online') === s }, t(`handoff.presence.${s}`))));
  return h('div', { class: 'toolbar' }, h('label', { for: 'handoff-presence' }, t('handoff.presenceLabel')), select);
}

async function inboxPage(ctx) {
  ctx.title(t('handoff.inboxTitle'));
  const area = statusArea();
  const list = h('div', { id: 'handoff-inbox', 'aria-live': 'polite' });
  const indicator = liveIndicator();
  const banner = alertBanner();
  const askNotify = 'Notification' in window && Notification.permission === 'default'
    ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => Notification.requestPermission() }, t('handoff.enableNotifications')) : null;
  ctx.main.append(h('h1', {}, t('handoff.inboxTitle')), h('p', { class: 'muted' }, t('handoff.inboxIntro')), area, banner, presenceControl(ctx), indicator, askNotify,
    h('section', { class: 'card', 'aria-labelledby': 'handoff-head' }, h('h2', { id: 'handoff-head' }, t('handoff.open')), list));
  if (ctx.can('handoff.write')) ctx.main.append(await telegramAlertsPanel(ctx), await cannedRepliesSection(ctx));

  async function load() {
    try {
      const inbox = await api('GET', `${ctx.tp('/handoff/conversations')}?filter=open`);
      if (!inbox.items.length) { replace(list, h('p', {}, t('handoff.empty'))); return; }
      replace(list, h('ul', { class: 'handoff-list' }, inbox.items.map((c) => h('li', {},
        h('a', { href: `#/handoff/${c.id}` }, t('handoff.item', { id: c.id, state: t(`handoff.state.${c.state}`), since: dateTime(c.waitingSince, ctx.timeZone) }), c.office ? ` · ${t('handoff.office', { office: c.office })}` : ''),
        c.lastMessage?.text ? h('p', { class: 'muted' }, c.lastMessage.text) : null))));
    } catch (error) { say(area, 'danger', problemText(error)); }
  }
  await load();
  return live(ctx, indicator, (name, data) => {
    if (name === 'conversation' && data.change === 'created') alertNewRequest(banner, data.conversation);
    void load();
  });
}

async function conversationPage(ctx, id) {
  const area = statusArea();
  const thread = h('ol', { class: 'handoff-thread', 'aria-live': 'polite', 'aria-label': t('handoff.messages') });
  const notes = h('ul', { class: 'handoff-notes' });
  const header = h('div');
  const indicator = liveIndicator();
  const banner = alertBanner();
  const text = h('textarea', { name: 'text', rows: 3, maxlength: 4000 });
  const note = h('textarea', { name: 'note', rows: 2, maxlength: 4000 });
  // After an action the button pressed may be gone: the focus goes where the next step is.
  const act = async (fn, done, focus) => {
    try {
      await fn();
      if (done) { say(area, 'success', done); announce(done); }
      await load();
      (focus?.() ?? area).focus?.();
    } catch (error) { say(area, 'danger', problemText(error)); }
  };
  area.tabIndex = -1;
  // Built once and shown or hidden: a live reload must not take away the button the focus is on.
  const takeButton = h('button', { type: 'button', class: 'btn', hidden: true, onclick: () => act(() => api('POST', ctx.tp(`/handoff/conversations/${id}/take`)), t('handoff.taken'), () => text) }, t('handoff.take'));
  const closeButton = h('button', { type: 'button', class: 'btn btn-danger', hidden: true, onclick: () => act(() => api('POST', ctx.tp(`/handoff/conversations/${id}/close`)), t('handoff.closed')) }, t('handoff.close'));
  const actions = h('div', { class: 'actions', role: 'group', 'aria-label': t('handoff.actions') }, takeButton, closeButton);
  const replyForm = h('form', { onsubmit: (e) => {
    e.preventDefault();
    void act(async () => { await api('POST', ctx.tp(`/handoff/conversations/${id}/reply`), { text: text.value }); text.value = ''; }, t('handoff.sent'), () => text);
  } }, field({ label: t('handoff.reply'), control: text }), h('button', { type: 'submit', class: 'btn' }, t('handoff.send')));
  const replySection = h('section', { class: 'card', 'aria-labelledby': 'reply-head' }, h('h2', { id: 'reply-head' }, t('handoff.replyTitle')), replyForm);
  const transferSection = h('section', { class: 'card', 'aria-labelledby': 'transfer-head' }, h('h2', { id: 'transfer-head' }, t('handoff.transfer.title')));
  const noteForm = h('form', { onsubmit: (e) => {
    e.preventDefault();
    void act(async () => { await api('POST', ctx.tp(`/handoff/conversations/${id}/notes`), { text: note.value }); note.value = ''; }, t('handoff.noted'), () => note);
  } }, field({ label: t('handoff.note'), control: note }), h('button', { type: 'submit', class: 'btn btn-small' }, t('handoff.addNote')));
  const writer = ctx.can('handoff.write');
  ctx.main.append(h('p', {}, h('a', { href: '#/handoff' }, t('handoff.back'))), header, banner, indicator, area, actions,
    h('section', { class: 'card', 'aria-labelledby': 'thread-head' }, h('h2', { id: 'thread-head' }, t('handoff.messages')), thread),
    writer ? replySection : null, writer ? transferSection : null,
    h('section', { class: 'card', 'aria-labelledby': 'notes-head' }, h('h2', { id: 'notes-head' }, t('handoff.notes')), notes, writer ? noteForm : null));
  if (writer) {
    const [picker, transfer] = await Promise.all([cannedPicker(ctx, text), transferForm(ctx, id, (fn, done) => act(fn, done))]);
    replyForm.prepend(picker);
    replyForm.append(attachControl(ctx, id, replyForm, text, () => load()));
    transferSection.append(transfer);
  }

  async function load() {
    const d = await api('GET', ctx.tp(`/handoff/conversations/${id}`));
    const c = d.conversation;
    ctx.title(t('handoff.conversationTitle', { id }));
    const where = [t(`handoff.state.${c.state}`), t(`channels.names.${c.channel}`), dateTime(c.requestedAt, ctx.timeZone),
      c.office ? t('handoff.office', { office: c.office }) : null, c.operatorId !== null && c.operatorId !== ctx.me?.id ? t('handoff.withOther') : null].filter(Boolean);
    replace(header, h('h1', {}, t('handoff.conversationTitle', { id })), h('p', { class: 'muted', id: 'handoff-where' }, where.join(' · ')),
      d.context.length ? h('details', {}, h('summary', {}, t('handoff.context')), h('ul', {}, d.context.map((m) => h('li', {}, `${m.direction === 'in' ? '→' : '←'} ${m.text}`)))) : null);
    replace(thread, d.messages.map((m, i) => h('li', { class: `msg msg-${m.direction}` },
      h('span', { class: 'muted' }, `${t(`handoff.dir.${m.direction}`)} · ${dateTime(m.at, ctx.timeZone)}: `),
      m.text ?? '', m.mediaId ? h('div', {}, messageFile(ctx, id, m)) : null,
      m.latitude !== null ? h('a', { href: `https://www.openstreetmap.org/?mlat=${m.latitude}&mlon=${m.longitude}`, rel: 'noopener', target: '_blank' }, t('handoff.position')) : null,
      m.held ? h('p', { class: 'badge' }, t('handoff.held')) : null,
      m.direction === 'out' && m.text && ctx.can('qa.write') ? teachForm(ctx, m, questionBefore(d.messages, i)) : null)));
    replace(notes, d.notes.map((n) => h('li', {}, `${dateTime(n.at, ctx.timeZone)}: ${n.text}`)));
    takeButton.hidden = !(writer && (c.state === 'waiting' || c.state === 'deferred'));
    closeButton.hidden = !(writer && c.state !== 'closed');
    actions.hidden = takeButton.hidden && closeButton.hidden;
    replySection.hidden = !(c.state === 'live' && c.operatorId === ctx.me?.id);
    transferSection.hidden = c.state === 'closed';
  }
  await load();
  return live(ctx, indicator, (name, data) => {
    // Someone else starts waiting while this conversation is open: the operator hears of it here too.
    if (name === 'conversation' && data.change === 'created' && data.conversation.id !== id) alertNewRequest(banner, data.conversation);
    if (name === 'resync' || data.conversationId === id || data.conversation?.id === id) void load().catch(() => undefined);
  });
}

/** The citizen's last text before the operator's message `index` (what the reply answered). */
function questionBefore(messages, index) {
  for (let i = index - 1; i >= 0; i -= 1) if (messages[i].direction === 'in' && messages[i].text) return messages[i].text;
  return '';
}

/**
 * "Save as Q&A" under an operator's reply: the citizen's question and the reply, editable, saved in one
 * step as a new entry or as a phrasing of an existing one (POST …/qa/entries/from-handoff).
 */
function teachForm(ctx, message, question) {
  const area = statusArea();
  const phrasing = h('textarea', { name: 'phrasing', rows: 2, maxlength: 500, required: true }, question);
  const answer = h('textarea', { name: 'answer', rows: 3, maxlength: 4000 }, message.text);
  const entry = h('select', { name: 'entry' }, h('option', { value: '' }, t('handoff.teach.newEntry')));
  let loaded = false;
  const details = h('details', { class: 'handoff-teach', ontoggle: async () => {
    if (!details.open || loaded) return;
    loaded = true;
    try {
      const list = await api('GET', `${ctx.tp('/qa/entries')}?limit=500`);
      entry.append(...list.items.map((e) => h('option', { value: String(e.id) }, e.question)));
    } catch (error) { say(area, 'danger', problemText(error)); }
  } });
  const form = h('form', { onsubmit: async (e) => {
    e.preventDefault();
    const body = entry.value ? { phrasing: phrasing.value, entryId: Number(entry.value) } : { phrasing: phrasing.value, answer: answer.value };
    try {
      const saved = await api('POST', ctx.tp('/qa/entries/from-handoff'), body);
      const done = saved.created ? t('handoff.teach.created', { question: saved.entry.question }) : t('handoff.teach.added', { question: saved.entry.question });
      say(area, saved.warning ? 'warning' : 'success', saved.warning ? `${done} ${saved.warning}` : done);
      announce(done);
    } catch (error) { say(area, 'danger', problemText(error)); }
  } }, field({ label: t('handoff.teach.phrasing'), control: phrasing }), field({ label: t('handoff.teach.entry'), control: entry }),
  field({ label: t('handoff.teach.answer'), control: answer }), h('button', { type: 'submit', class: 'btn btn-small' }, t('handoff.teach.save')));
  entry.addEventListener('change', () => { answer.disabled = entry.value !== ''; });
  details.append(h('summary', {}, t('handoff.teach.summary')), area, form);
  return details;
}
