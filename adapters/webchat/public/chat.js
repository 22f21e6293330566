// Campanile web chat, browser side. No framework, no build: one module. Everything the server sends is
// rendered with DOM nodes and textContent, never innerHTML. Protocol: see adapters/webchat/README.md.
const config = JSON.parse(document.getElementById('campanile-config').textContent);
const texts = config.texts;
const $ = (id) => document.getElementById(id);
const ui = {
  status: $('status'), log: $('log'), messages: $('messages'), empty: $('empty'), start: $('start'), announcer: $('announcer'),
  error: $('error'), form: $('composer'), input: $('input'), file: $('file'), attach: $('attach'), counter: $('counter'), close: $('close'),
};
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

/** A translated interface text with `{name}` placeholders filled. */
function t(key, vars = {}) {
  return (texts[key] ?? key).replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

// --- stored state: the session token and the messages not yet acknowledged --------------------------
const storeKey = `campanile.webchat.${config.tenant}`;
const state = loadState();
function loadState() {
  try {
    const saved = JSON.parse(localStorage.getItem(storeKey) ?? '{}');
    return { token: typeof saved.token === 'string' ? saved.token : undefined, pending: Array.isArray(saved.pending) ? saved.pending : [] };
  } catch {
    return { token: undefined, pending: [] };
  }
}
function saveState() {
  try {
    localStorage.setItem(storeKey, JSON.stringify(state));
  } catch {
    // Storage disabled (private mode): the conversation lasts as long as the tab.
  }
}
function newId() {
  if (crypto.randomUUID) return crypto.randomUUID().replace(/-/g, '');
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

// --- connection: reconnect with backoff, resend what was not acknowledged ----------------------------
let socket;
let ready = false;
let attempt = 0;
let retryTimer;
let stopped = false;
let resetNotice = false;
let limits = { maxText: 4096, uploads: {} };
const known = new Set();

function connect() {
  clearTimeout(retryTimer);
  setStatus(t('status.connecting'));
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/chat/${encodeURIComponent(config.tenant)}/ws`);
  socket.addEventListener('open', () => {
    socket.send(JSON.stringify({ t: 'hello', ...(state.token ? { token: state.token } : {}), locale: config.lang }));
  });
  socket.addEventListener('message', (event) => {
    try {
      onFrame(JSON.parse(event.data));
    } catch (error) {
      console.error('web chat: bad frame', error);
    }
  });
  socket.addEventListener('close', () => {
    ready = false;
    if (stopped) return;
    const delay = Math.min(30000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt += 1;
    setStatus(navigator.onLine === false ? t('status.offline') : t('status.reconnecting', { seconds: Math.ceil(delay / 1000) }));
    retryTimer = setTimeout(connect, delay);
  });
}
window.addEventListener('online', () => {
  if (!ready && !stopped) {
    attempt = 0;
    connect();
  }
});

/**
 * A person who chose their language in the bot (`/lingua`) gets the page in it, even when the browser or
 * the comune's site asked for another: the page reloads once with `?lang=`, which then matches.
 */
function followPersonLanguage(locale) {
  if (!locale || locale === config.lang || !(config.languages ?? []).includes(locale)) return false;
  const url = new URL(location.href);
  url.searchParams.set('lang', locale);
  location.replace(url.href);
  return true;
}

function transmit(frame) {
  if (ready && socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
}

function onFrame(frame) {
  switch (frame.t) {
    case 'welcome': {
      state.token = frame.token;
      saveState();
      if (followPersonLanguage(frame.locale)) return;
      ready = true;
      attempt = 0;
      limits = frame.limits ?? limits;
      ui.input.maxLength = limits.maxText;
      setStatus(t('status.connected'));
      renderHistory(frame.history);
      if (resetNotice) {
        resetNotice = false;
        addNote(t('reset'));
      }
      for (const pending of state.pending) {
        if (pending.t === 'msg' && !known.has(`c:${pending.id}`)) renderPending(pending);
        transmit(pending);
      }
      break;
    }
    case 'message':
      upsert(frame.entry, { live: true, replaced: frame.replaced === true });
      break;
    case 'ack':
      settle(frame.id);
      break;
    case 'error':
      onError(frame);
      break;
    case 'reset':
      // The person's data was erased: forget the session here too; the next connection starts afresh.
      state.token = undefined;
      state.pending = [];
      saveState();
      resetNotice = true;
      socket.close();
      break;
  }
}

function onError(frame) {
  const pending = frame.id ? state.pending.find((p) => p.id === frame.id) : undefined;
  if (frame.code === 'token-invalid') {
    state.token = undefined;
    state.pending = [];
    saveState();
    ui.messages.replaceChildren();
    known.clear();
    showError(t('error.token-invalid'));
    attempt = 0;
    return;
  }
  if (frame.code === 'tenant-unknown') {
    stopped = true;
    showError(t('error.tenant-unknown'));
    return;
  }
  const seconds = Math.ceil((frame.retryAfterMs ?? 3000) / 1000);
  showError(t(`error.${frame.code}`, { max: limits.maxText, seconds }));
  if (!pending) return;
  if (frame.code === 'rate-limited' || frame.code === 'server-error' || frame.code === 'not-ready') {
    setTimeout(() => transmit(pending), frame.retryAfterMs ?? 3000);
  } else {
    state.pending = state.pending.filter((p) => p !== pending);
    saveState();
    markFailed(frame.id);
  }
}

function settle(id) {
  state.pending = state.pending.filter((p) => p.id !== id);
  saveState();
  const item = ui.messages.querySelector(`[data-client-id="${CSS.escape(id)}"]`);
  item?.classList.remove('pending');
  item?.querySelector('.meta.sending')?.remove();
}

function send(frame) {
  state.pending.push(frame);
  saveState();
  if (frame.t === 'msg') renderPending(frame);
  transmit(frame);
}

// --- rendering -------------------------------------------------------------------------------------
function renderHistory(history) {
  ui.messages.replaceChildren();
  known.clear();
  for (const entry of history) upsert(entry, { live: false, replaced: false });
  scrollToEnd();
}

/** Adds or replaces one history entry; announces new messages from the comune in the live region. */
function upsert(entry, { live, replaced }) {
  const item = renderEntry(entry);
  const existing = ui.messages.querySelector(`[data-id="${CSS.escape(entry.id)}"]`)
    ?? (entry.clientId ? ui.messages.querySelector(`[data-client-id="${CSS.escape(entry.clientId)}"]`) : null);
  if (existing) {
    // Keep keyboard focus on the same button when a message is edited in place (category toggles).
    const focused = existing.contains(document.activeElement) ? document.activeElement?.dataset.payload : undefined;
    existing.replaceWith(item);
    if (focused) item.querySelector(`[data-payload="${CSS.escape(focused)}"]`)?.focus();
  } else {
    ui.messages.append(item);
  }
  known.add(`m:${entry.id}`);
  if (entry.clientId) known.add(`c:${entry.clientId}`);
  ui.empty.hidden = true;
  if (live && entry.dir === 'out') {
    const text = plainText(entry.body).slice(0, 300);
    announce(t(replaced ? 'message.updated' : 'message.new', { text }));
  }
  if (live && !replaced) scrollToEnd();
}

function renderEntry(entry) {
  const fromComune = entry.dir === 'out';
  const item = document.createElement('li');
  item.className = `msg ${fromComune ? 'from-comune' : 'from-me'}`;
  item.dataset.id = entry.id;
  if (entry.clientId) item.dataset.clientId = entry.clientId;
  const body = entry.body ?? {};
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  bubble.append(hidden(t(fromComune ? 'sender.comune' : 'sender.me')), ' ');
  if (body.attachment) bubble.append(renderMedia(body.attachment));
  if (body.location) bubble.append(renderLocation(body.location));
  if (body.text) renderSpans(bubble, body.text);
  item.append(bubble);
  if (body.choices?.length) {
    const group = document.createElement('div');
    group.className = 'choices';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', t('choices.label'));
    for (const choice of body.choices) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'choice';
      button.textContent = choice.label;
      button.dataset.payload = choice.payload;
      if (typeof choice.selected === 'boolean') button.setAttribute('aria-pressed', String(choice.selected));
      button.addEventListener('click', () => send({ t: 'button', id: newId(), payload: choice.payload, messageId: entry.id }));
      group.append(button);
    }
    item.append(group);
  }
  if (body.links?.length) {
    const group = document.createElement('div');
    group.className = 'links';
    for (const link of body.links) {
      const href = safeHref(link.url);
      if (!href) continue;
      group.append(externalLink(href, link.label, 'link-button'));
    }
    item.append(group);
  }
  if (body.requestLocation) item.append(...renderLocationRequest(body.requestLocation.label));
  const meta = document.createElement('time');
  meta.className = 'meta';
  meta.dateTime = entry.at;
  meta.textContent = new Date(entry.at).toLocaleTimeString(config.lang, { hour: '2-digit', minute: '2-digit' });
  item.append(meta);
  return item;
}

function renderPending(frame) {
  if (ui.messages.querySelector(`[data-client-id="${CSS.escape(frame.id)}"]`)) return;
  const item = document.createElement('li');
  item.className = 'msg from-me pending';
  item.dataset.clientId = frame.id;
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  bubble.append(hidden(t('sender.me')), ' ', frame.label ?? frame.text ?? '');
  const meta = document.createElement('span');
  meta.className = 'meta sending';
  meta.textContent = t('message.sending');
  item.append(bubble, meta);
  ui.messages.append(item);
  ui.empty.hidden = true;
  scrollToEnd();
}

function markFailed(clientId) {
  const item = ui.messages.querySelector(`[data-client-id="${CSS.escape(clientId)}"]`);
  if (!item) return;
  item.classList.remove('pending');
  item.classList.add('failed');
  const meta = item.querySelector('.meta.sending') ?? item.appendChild(document.createElement('span'));
  meta.className = 'meta';
  meta.textContent = t('message.failed');
}

function addNote(text) {
  const item = document.createElement('li');
  item.className = 'msg from-comune';
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  bubble.textContent = text;
  item.append(bubble);
  ui.messages.append(item);
  ui.empty.hidden = true;
  announce(text);
}

/** Spans → text nodes inside strong/em/a; newlines become <br>. Only http(s) links survive. */
function renderSpans(parent, spans) {
  for (const span of spans) {
    let node = document.createDocumentFragment();
    appendText(node, String(span.text ?? ''));
    if (span.bold) node = wrap('strong', node);
    if (span.italic) node = wrap('em', node);
    const href = span.href ? safeHref(span.href) : undefined;
    if (href) {
      const link = externalLink(href, '', '');
      link.prepend(node);
      node = link;
    }
    parent.append(node);
  }
}

function renderMedia(media) {
  const url = safeHref(media.url);
  const caption = media.caption ? plainText({ text: media.caption }) : '';
  const box = document.createDocumentFragment();
  if (!url) return box;
  if (media.kind === 'image' || media.kind === 'photo') {
    const img = document.createElement('img');
    img.src = url;
    img.alt = caption || (media.kind === 'photo' ? t('media.photo') : t('media.image'));
    img.loading = 'lazy';
    box.append(img);
  } else if (media.kind === 'video') {
    const video = document.createElement('video');
    video.src = url;
    video.controls = true;
    video.preload = 'metadata';
    video.setAttribute('aria-label', media.fileName || t('media.video'));
    box.append(video);
  } else {
    const link = document.createElement('a');
    link.href = url;
    link.download = media.fileName || 'documento';
    link.textContent = `📄 ${media.fileName || t('media.document')} (${formatSize(media.size)})`;
    box.append(link);
  }
  if (caption) renderSpans(box, media.caption);
  return box;
}

function renderLocation(location) {
  const fragment = document.createDocumentFragment();
  fragment.append(`📍 ${t('location.sent')} `);
  const map = `https://www.openstreetmap.org/?mlat=${Number(location.latitude)}&mlon=${Number(location.longitude)}#map=17/${Number(location.latitude)}/${Number(location.longitude)}`;
  fragment.append(externalLink(map, t('location.map'), ''));
  return fragment;
}

/** A button that asks the browser for the position only when pressed, after saying what will be sent. */
function renderLocationRequest(label) {
  const id = `consent-${newId()}`;
  const note = document.createElement('p');
  note.className = 'consent';
  note.id = id;
  note.textContent = t('location.consent');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'choice';
  button.textContent = `📍 ${label}`;
  button.setAttribute('aria-describedby', id);
  button.addEventListener('click', () => {
    if (!navigator.geolocation) return showError(t('location.unsupported'));
    navigator.geolocation.getCurrentPosition(
      (position) => send({ t: 'location', id: newId(), latitude: position.coords.latitude, longitude: position.coords.longitude, accuracy: position.coords.accuracy }),
      () => { showError(t('location.denied')); ui.input.focus(); }, // typing the address is the way on
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });
  const group = document.createElement('div');
  group.className = 'links';
  group.append(button);
  return [group, note];
}

function externalLink(href, label, className) {
  const link = document.createElement('a');
  link.href = href;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  if (className) link.className = className;
  if (label) link.append(label);
  link.append(hidden(` ${t('links.newWindow')}`));
  return link;
}

function safeHref(url) {
  try {
    const parsed = new URL(url, location.href);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.href;
  } catch {
    return undefined;
  }
}

function appendText(parent, text) {
  text.split('\n').forEach((line, index) => {
    if (index > 0) parent.append(document.createElement('br'));
    if (line) parent.append(line);
  });
}
function wrap(tag, child) {
  const element = document.createElement(tag);
  element.append(child);
  return element;
}
function hidden(text) {
  const span = document.createElement('span');
  span.className = 'visually-hidden';
  span.textContent = text;
  return span;
}
function plainText(body) {
  const parts = [];
  if (body.text) parts.push(body.text.map((s) => s.text).join(''));
  if (body.attachment) parts.push(body.attachment.fileName ?? '');
  if (body.choices?.length) parts.push(body.choices.map((c) => c.label).join(', '));
  return parts.filter(Boolean).join(' — ');
}
function formatSize(bytes) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
function scrollToEnd() {
  ui.log.scrollTo({ top: ui.log.scrollHeight, behavior: reducedMotion.matches ? 'auto' : 'smooth' });
}
function announce(text) {
  // Clear first, so the same text twice is still announced.
  ui.announcer.textContent = '';
  setTimeout(() => { ui.announcer.textContent = text; }, 50);
}
function setStatus(text) {
  ui.status.textContent = text;
}
function showError(text) {
  ui.error.textContent = text;
}

// --- composer, uploads, embedding -----------------------------------------------------------------
ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = ui.input.value.trim();
  if (!text) return;
  if (text.length > limits.maxText) return showError(t('error.too-long', { max: limits.maxText }));
  showError('');
  send({ t: 'msg', id: newId(), text });
  ui.input.value = '';
  updateCounter();
});
ui.input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.form.requestSubmit();
  }
});
ui.input.addEventListener('input', updateCounter);
function updateCounter() {
  const count = ui.input.value.length;
  ui.counter.textContent = count > limits.maxText * 0.8 ? t('counter', { count, max: limits.maxText }) : '';
}
// A join link may carry a category (`/chat/<comune>?start=cat_eventi`): the start button passes it on.
const startPayload = /^[A-Za-z0-9_-]{1,64}$/.exec(new URLSearchParams(location.search).get('start') ?? '')?.[0];
ui.start.addEventListener('click', () => send({ t: 'msg', id: newId(), text: startPayload ? `/start ${startPayload}` : '/start' }));

ui.attach.addEventListener('click', () => {
  ui.file.accept = Object.values(limits.uploads).flatMap((l) => l.mimeTypes).join(',');
  ui.file.click();
});
ui.file.addEventListener('change', async () => {
  const file = ui.file.files?.[0];
  ui.file.value = '';
  if (!file) return;
  const limit = Object.values(limits.uploads).find((l) => l.mimeTypes.includes(file.type));
  if (!limit) return showError(t('error.unsupported-type'));
  if (file.size > limit.maxBytes) return showError(t('error.too-large', { max: Math.floor(limit.maxBytes / 1048576) }));
  if (!state.token) return showError(t('error.not-ready'));
  showError('');
  const id = newId();
  renderPending({ id, label: t('upload.sending', { name: file.name }) });
  try {
    const response = await fetch(`/chat/${encodeURIComponent(config.tenant)}/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${state.token}`, 'content-type': file.type, 'x-client-id': id, 'x-file-name': encodeURIComponent(file.name) },
      body: file,
    });
    if (response.ok) return settle(id);
    const answer = await response.json().catch(() => ({}));
    const code = answer?.error?.code ?? (response.status === 413 ? 'too-large' : 'upload');
    showError(t(`error.${code}`, { max: Math.floor(limit.maxBytes / 1048576), seconds: Math.ceil((answer?.error?.retryAfterMs ?? 5000) / 1000) }));
  } catch {
    showError(t('error.upload'));
  }
  markFailed(id);
});

if (config.embed) {
  ui.close.hidden = false;
  const close = () => window.parent.postMessage({ campanile: 'close' }, '*');
  ui.close.addEventListener('click', close);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });
}

connect();
