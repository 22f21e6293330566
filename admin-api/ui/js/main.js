// The admin UI's shell: session (GET /auth/me), language, navigation filtered by the user's
// permissions, and a hash router (#/notices, #/compose/12 …) so the server serves one static page.
import { api, setUnauthenticatedHandler } from './api.js';
import { announce, h, replace } from './dom.js';
import { currentLang, loadTexts, otherLangs, ownName, t } from './i18n.js';
import { watchTaskAlerts } from './task-alerts.js';

/**
 * The pages: hash path → module, the permission that shows it, its navigation label.
 * A page module exports `render(ctx, params)`; it may return a cleanup function (e.g. closing an
 * EventSource) that runs when the user leaves the page.
 */
const PAGES = [
  { path: 'dashboard', module: './pages/dashboard.js', perm: 'stats.read', nav: 'nav.dashboard' },
  { path: 'compose', module: './pages/compose.js', perm: 'notices.write', nav: 'nav.compose' },
  { path: 'notices', module: './pages/notices.js', perm: 'notices.read', nav: 'nav.notices' },
  { path: 'qa', module: './pages/qa-inbox.js', perm: 'qa.read', nav: 'nav.qaInbox' },
  { path: 'qa-library', module: './pages/qa-library.js', perm: 'qa.read', nav: 'nav.qaLibrary' },
  { path: 'handoff', module: './pages/handoff.js', perm: 'handoff.read', nav: 'nav.handoff' },
  { path: 'reports', module: './pages/reports.js', perm: 'reports.read', nav: 'nav.reports' },
  { path: 'staff', module: './pages/staff.js', perm: 'staff.read', nav: 'nav.staff' },
  { path: 'tasks', module: './pages/tasks.js', perm: 'tasks.read', nav: 'nav.tasks' },
  { path: 'calendar', module: './pages/calendar.js', perm: 'tasks.read', nav: 'nav.calendar' },
  { path: 'categories', module: './pages/categories.js', perm: 'categories.read', nav: 'nav.categories' },
  { path: 'users', module: './pages/users.js', perm: 'users.read', nav: 'nav.users' },
  { path: 'channels', module: './pages/channels.js', perm: 'channels.read', nav: 'nav.channels' },
  { path: 'audit', module: './pages/audit.js', perm: 'audit.read', nav: 'nav.audit' },
];

const state = { me: null, tenant: null, tenants: [], timeZone: 'Europe/Rome', cleanup: null };
const main = document.getElementById('main');

const can = (perm) => Boolean(state.me && (state.me.role === 'superadmin' || state.me.permissions.includes(perm)));
const visiblePages = () => PAGES.filter((p) => can(p.perm));

/** What every page receives. */
function context() {
  return {
    main, me: state.me, tenant: state.tenant, timeZone: state.timeZone, languages: state.languages, can,
    /** `/tenants/<slug>` + rest */
    tp: (rest = '') => `/tenants/${encodeURIComponent(state.tenant)}${rest}`,
    navigate: (hash) => { if (location.hash === hash) route(); else location.hash = hash; },
    title: (text) => { document.title = `${text} · Campanile`; },
  };
}

async function start() {
  await loadTexts();
  setUnauthenticatedHandler(() => { state.me = null; renderChrome(); if (!location.hash.startsWith('#/login')) location.hash = '#/login'; });
  window.addEventListener('hashchange', () => route());
  try {
    state.me = await api('GET', '/auth/me');
    await afterSignIn();
  } catch {
    state.me = null;
  }
  renderChrome();
  await route();
}

/** Loads what depends on the user: the comune (superadmins pick one) and its timezone. */
async function afterSignIn() {
  state.tenant = state.me.tenant;
  if (state.me.role === 'superadmin') {
    state.tenants = await api('GET', '/tenants').catch(() => []);
    const remembered = localStorage.getItem('campanile.tenant');
    state.tenant = state.tenants.find((x) => x.slug === remembered)?.slug ?? state.tenants[0]?.slug ?? null;
  }
  // A superadmin's comune comes from the tenant list; everyone else's from GET /auth/me.
  const info = state.tenants.find((x) => x.slug === state.tenant);
  state.timeZone = info?.timezone ?? state.me.timeZone ?? 'Europe/Rome';
  state.languages = info?.locales ?? (state.me.languages?.length ? state.me.languages : ['it']);
  state.tenantName = info?.name ?? state.me.tenantName ?? state.tenant;
}

/** Switches the interface language and redraws the page in it. */
async function switchLanguage(code) {
  await loadTexts(code);
  renderChrome();
  await route();
  announce(t('app.languageChanged'));
  document.querySelector('#lang-switch button')?.focus();
}

/** One button per other interface language, each named in its own language. */
function renderLanguageSwitch() {
  const group = document.getElementById('lang-switch');
  group.setAttribute('aria-label', t('app.switchLanguage'));
  replace(group, otherLangs().map((code) =>
    h('button', { type: 'button', class: 'btn-link-light', lang: code, dataset: { lang: code }, onclick: () => switchLanguage(code) }, ownName(code))));
}

function renderChrome() {
  renderLanguageSwitch();
  document.getElementById('tenant-name').textContent = state.me ? (state.tenantName ?? 'Campanile') : 'Campanile';
  const userSlot = document.getElementById('user-slot');
  const nav = document.getElementById('main-nav');
  const picker = document.getElementById('tenant-picker-slot');
  replace(picker);
  // The managers' live alerts follow the session and the comune shown (closed when signed out).
  watchTaskAlerts(context(), document.getElementById('task-alerts'));
  if (!state.me) {
    replace(userSlot);
    nav.hidden = true;
    return;
  }
  if (state.me.role === 'superadmin' && state.tenants.length > 1) {
    const select = h('select', { id: 'tenant-picker', onchange: async (e) => {
      localStorage.setItem('campanile.tenant', e.target.value);
      await afterSignIn();
      renderChrome();
      await route();
    } }, state.tenants.map((x) => h('option', { value: x.slug, selected: x.slug === state.tenant }, x.name)));
    replace(picker, h('label', { for: 'tenant-picker', class: 'visually-hidden' }, t('app.tenant')), select);
  }
  replace(userSlot,
    h('span', {}, h('span', { class: 'visually-hidden' }, t('app.signedInAs')), ' ', state.me.displayName ?? state.me.email, ' · ', t(`roles.${state.me.role}`)),
    h('button', { type: 'button', class: 'btn btn-light btn-small', id: 'logout', onclick: signOut }, t('app.signOut')));
  nav.hidden = false;
  nav.setAttribute('aria-label', t('nav.label'));
  replace(document.getElementById('nav-list'), visiblePages().map((p) => h('li', {}, h('a', { href: `#/${p.path}`, dataset: { page: p.path } }, t(p.nav)))));
}

async function signOut() {
  await api('POST', '/auth/logout').catch(() => {});
  state.me = null;
  renderChrome();
  location.hash = '#/login';
  announce(t('login.signedOut'));
}

let routing = 0;
async function route() {
  const ticket = ++routing;
  state.cleanup?.();
  state.cleanup = null;
  const [path = '', ...params] = location.hash.replace(/^#\/?/, '').split('?')[0].split('/').map(decodeURIComponent);
  if (!state.me) {
    const { render } = await import('./pages/login.js');
    if (ticket !== routing) return;
    replace(main);
    await render({ ...context(), onSignedIn: async (me) => {
      state.me = me;
      await afterSignIn();
      renderChrome();
      const first = visiblePages()[0];
      location.hash = first ? `#/${first.path}` : '#/';
      if (!first) await route();
    } });
    focusMain();
    return;
  }
  const pages = visiblePages();
  const page = pages.find((p) => p.path === path) ?? (path === '' || path === 'login' ? pages[0] : null);
  for (const a of document.querySelectorAll('#nav-list a')) {
    if (a.dataset.page === page?.path) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  replace(main);
  if (!page) {
    main.append(h('h1', {}, pages.length ? t('app.notFound') : t('app.nothingAllowed')));
    focusMain();
    return;
  }
  if (path !== page.path) { history.replaceState(null, '', `#/${page.path}`); }
  const mod = await import(page.module);
  if (ticket !== routing) return;
  try {
    const cleanup = await mod.render(context(), params);
    if (ticket === routing) state.cleanup = typeof cleanup === 'function' ? cleanup : null;
    else if (typeof cleanup === 'function') cleanup();
  } catch (error) {
    main.append(h('div', { class: 'alert alert-danger', role: 'alert' }, error?.message ?? String(error)));
  }
  focusMain();
}

// After a page change the focus goes to the page's heading, so screen-reader users hear where they are.
function focusMain() {
  const heading = main.querySelector('h1');
  if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); } else main.focus();
  window.scrollTo(0, 0);
}

export { currentLang };
start();
