// Channel accounts (Telegram, WhatsApp, Bot Framework, Messenger…): settings visible, secrets write-only (the
// API returns only whether each is set), whether each runs, a check of its credentials with the channel,
// and the Telegram QR code and poster for notice boards when the bot runs.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { clearErrors, confirmDialog, field, problemText, say, showErrors, statusArea } from '../form.js';
import { has, t } from '../i18n.js';

// The channels and their fields come from the server's registered channel factories (GET …/channel-kinds),
// so a channel installed as an npm package gets its form with no change here. Names and field labels use
// the translations when there are some, else the channel's own title and the field's name.
let FIELDS = {};
let TITLES = {};
const channelName = (c) => (has(`channels.names.${c}`) ? t(`channels.names.${c}`) : TITLES[c] ?? c);
const fieldName = (k) => (has(`channels.f.${k}`) ? t(`channels.f.${k}`) : k);
const label = (a) => `${channelName(a.channel)} · ${a.name}`;

export async function render(ctx) {
  const kinds = await api('GET', ctx.tp('/channel-kinds'));
  FIELDS = Object.fromEntries(kinds.map((k) => [k.channel, { settings: k.settings, secrets: k.secrets }]));
  TITLES = Object.fromEntries(kinds.map((k) => [k.channel, k.title]));
  ctx.title(t('channels.title'));
  const area = statusArea();
  const list = h('div');
  const write = ctx.can('channels.write');
  const qr = h('div');
  ctx.main.append(h('h1', {}, t('channels.title')), h('p', { class: 'muted' }, t('channels.intro')), area, list);
  if (write && Object.keys(FIELDS).length) ctx.main.append(accountForm(null));
  ctx.main.append(qr);
  posters(ctx, qr);

  async function load() {
    const rows = await api('GET', ctx.tp('/channel-accounts'));
    if (!rows.length) { replace(list, h('p', {}, t('channels.none'))); return; }
    replace(list, rows.map((a) => h('section', { class: 'card', 'aria-labelledby': `acc-${a.id}` },
      h('h2', { id: `acc-${a.id}` }, label(a)),
      h('dl', { class: 'dl' },
        h('dt', {}, t('channels.active')), h('dd', {}, a.active ? t('common.yes') : t('common.no')),
        h('dt', {}, t('channels.configured')), h('dd', {}, a.configured ? t('common.yes') : t('channels.missingSecrets')),
        a.running === undefined || !a.active ? null : [h('dt', {}, t('channels.running')), h('dd', {}, a.running ? t('common.yes') : t('channels.notRunning', { problem: a.problem ?? '' }))],
        Object.entries(a.settings).map(([k, v]) => [h('dt', {}, fieldName(k)), h('dd', {}, v)]),
        Object.entries(a.secrets).map(([k, v]) => [h('dt', {}, fieldName(k)), h('dd', {}, v.configured ? t('channels.secretSet') : t('channels.secretUnset'))])),
      write ? h('details', {}, h('summary', {}, t('channels.change')), accountForm(a)) : null,
      write ? h('div', { class: 'toolbar' },
        a.active ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('channels.checkNamed', { account: label(a) }), onclick: () => check(a) }, t('channels.check')) : null,
        h('button', { type: 'button', class: 'btn btn-small btn-danger', onclick: async () => {
        if (!(await confirmDialog({ title: t('channels.removeTitle'), body: `${a.channel} · ${a.name}`, confirm: t('common.delete'), danger: true }))) return;
        try { await api('DELETE', ctx.tp(`/channel-accounts/${a.id}`)); say(area, 'success', t('channels.removed')); await load(); } catch (error) { say(area, 'danger', problemText(error)); }
      } }, t('common.delete'))) : null)));
  }

  /** Asks the channel whether the credentials work now, and says what it answered. */
  async function check(a) {
    const account = label(a);
    say(area, 'info', t('channels.checking', { account }));
    try {
      const answer = await api('POST', ctx.tp(`/channel-accounts/${a.id}/check`));
      if (!answer.running) say(area, 'danger', t('channels.checkNotRunning', { account, problem: answer.problem ?? '' }));
      else if (answer.reachable === false) say(area, 'danger', t('channels.checkFailed', { account, problem: answer.problem ?? '' }));
      else if (answer.reachable) say(area, 'success', t('channels.checkOk', { account, identity: answer.identity ?? '' }));
      else say(area, 'success', t('channels.checkRunning', { account }));
    } catch (error) { say(area, 'danger', problemText(error)); }
  }

  /** New account (account === null) or change of settings/secrets. Secrets left empty stay as they are. */
  function accountForm(account) {
    const prefix = account ? `acc${account.id}` : 'new';
    const channel = h('select', { name: 'channel', id: `${prefix}-channel` }, Object.keys(FIELDS).map((c) => h('option', { value: c, selected: c === account?.channel }, channelName(c))));
    const name = h('input', { type: 'text', name: 'name', id: `${prefix}-name`, value: account?.name ?? 'default' });
    const active = h('input', { type: 'checkbox', id: `${prefix}-active`, checked: account ? account.active : true });
    const dynamic = h('div');
    const inputs = {};
    const draw = () => {
      const spec = FIELDS[account?.channel ?? channel.value] ?? { settings: [], secrets: [] };
      for (const k of Object.keys(inputs)) delete inputs[k];
      replace(dynamic,
        spec.settings.map((k) => field({ label: fieldName(k), control: (inputs[`settings.${k}`] = h('input', { type: 'text', name: k, id: `${prefix}-${k}`, value: account?.settings[k] ?? '', autocomplete: 'off' })) })),
        spec.secrets.map((k) => field({ label: fieldName(k), hint: account?.secrets[k]?.configured ? t('channels.secretKeep') : t('channels.secretHint'),
          control: (inputs[`secrets.${k}`] = h('input', { type: 'password', name: k, id: `${prefix}-${k}`, autocomplete: 'new-password', spellcheck: 'false' })) })));
    };
    channel.addEventListener('change', draw);
    draw();
    const form = h('form', { class: account ? '' : 'card', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      clearErrors(form);
      const settings = {}, secrets = {};
      for (const [path, input] of Object.entries(inputs)) {
        const [kind, key] = path.split('.');
        if (input.value.trim()) (kind === 'settings' ? settings : secrets)[key] = input.value.trim();
      }
      try {
        if (account) await api('PATCH', ctx.tp(`/channel-accounts/${account.id}`), { active: active.checked, settings, ...(Object.keys(secrets).length ? { secrets } : {}) });
        else await api('POST', ctx.tp('/channel-accounts'), { channel: channel.value, name: name.value.trim(), active: active.checked, settings, secrets });
        // Secrets never stay in the page once sent.
        for (const input of Object.values(inputs)) if (input.type === 'password') input.value = '';
        say(area, 'success', t('channels.saved'));
        await load();
      } catch (error) { showErrors(form, error); }
    } },
    account ? null : h('h2', {}, t('channels.add')),
    account ? null : h('div', { class: 'inline-fields' }, field({ label: t('channels.channel'), control: channel }), field({ label: t('channels.name'), hint: t('channels.nameHint'), control: name })),
    dynamic,
    h('div', { class: 'check' }, active, h('label', { for: `${prefix}-active` }, t('channels.active'))),
    h('button', { type: 'submit', class: 'btn btn-primary' }, account ? t('common.save') : t('channels.add')));
    return form;
  }

  await load();
}

/** The Telegram QR code and poster, shown only when the adapter serves them (Telegram configured). */
async function posters(ctx, box) {
  const base = `/qr/telegram/${encodeURIComponent(ctx.tenant)}`;
  const res = await fetch(`${base}.svg`, { method: 'GET', credentials: 'same-origin' }).catch(() => null);
  if (!res?.ok) return;
  const poster = `/poster/telegram/${encodeURIComponent(ctx.tenant)}`;
  replace(box, h('section', { class: 'card', id: 'qr-poster', 'aria-labelledby': 'qr-head' },
    h('h2', { id: 'qr-head' }, t('channels.qrTitle')),
    h('p', {}, t('channels.qrIntro')),
    h('img', { src: `${base}.svg`, alt: t('channels.qrAlt'), width: 160, height: 160 }),
    h('ul', {},
      h('li', {}, h('a', { href: `${base}.png`, download: `qr-telegram-${ctx.tenant}.png` }, t('channels.qrPng'))),
      h('li', {}, h('a', { href: `${base}.svg`, download: `qr-telegram-${ctx.tenant}.svg` }, t('channels.qrSvg'))),
      h('li', {}, h('a', { href: poster, target: '_blank', rel: 'noopener' }, t('channels.poster'))),
      h('li', {}, h('a', { href: `${poster}.svg`, download: `poster-telegram-${ctx.tenant}.svg` }, t('channels.posterSvg'))))));
}
