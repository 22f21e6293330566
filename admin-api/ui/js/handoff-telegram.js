// The operator's own Telegram alerts (a person starting to wait messages their linked chat), on the
// handoff inbox: whether a chat is linked, alerts on/off, a one-time link (with its QR code, as the
// staff invitations) to link one, and unlinking. Each operator sees and changes only their own.
import { api } from './api.js';
import { announce, h, replace } from './dom.js';
import { problemText, say, statusArea } from './form.js';
import { dateTime, t } from './i18n.js';

/**
 * The "Avvisi su Telegram" panel. Refusals (turning alerts on with no linked chat: 409) are shown in
 * its status area, which screen readers announce.
 * @example ctx.main.append(await telegramAlertsPanel(ctx));
 */
export async function telegramAlertsPanel(ctx) {
  const area = statusArea();
  const state = h('p', { id: 'handoff-alerts-state' });
  const toggle = h('input', { type: 'checkbox', id: 'handoff-alerts-toggle', name: 'telegram' });
  const linkBox = h('div', { id: 'handoff-alerts-link' });
  const unlink = h('button', { type: 'button', class: 'btn btn-small btn-danger' }, t('handoff.alerts.unlink'));
  // Hidden through a wrapper: a .btn's own display would override its `hidden`.
  const unlinkBox = h('span', { hidden: true }, unlink);
  const show = (settings) => {
    replace(state, t(settings.linked ? 'handoff.alerts.linked' : 'handoff.alerts.notLinked'));
    state.dataset.linked = String(settings.linked);
    toggle.checked = settings.telegram;
    unlinkBox.hidden = !settings.linked;
    if (settings.linked) replace(linkBox);
  };
  // A 409 means one thing on each call (`conflict`): said in the person's words, not the API's.
  const refusal = (error, conflict) => (error?.status === 409 && conflict ? t(conflict) : problemText(error));
  const run = async (fn, done, conflict) => {
    try {
      show(await fn());
      if (done) { say(area, 'success', done); announce(done); }
      return true;
    } catch (error) {
      say(area, 'danger', refusal(error, conflict));
      return false;
    }
  };
  toggle.addEventListener('change', async () => {
    const wanted = toggle.checked;
    // On refusal the box goes back to what the server holds.
    if (!(await run(() => api('PUT', ctx.tp('/handoff/alerts'), { telegram: wanted }), t(wanted ? 'handoff.alerts.on' : 'handoff.alerts.off'), 'handoff.alerts.refusedNotLinked'))) toggle.checked = !wanted;
  });
  unlink.addEventListener('click', () => run(() => api('DELETE', ctx.tp('/handoff/alerts/link')), t('handoff.alerts.unlinked')));
  const check = h('button', { type: 'button', class: 'btn btn-small', onclick: () => run(() => api('GET', ctx.tp('/handoff/alerts'))) }, t('handoff.alerts.check'));
  const link = h('button', { type: 'button', class: 'btn btn-small', onclick: async () => {
    try {
      const created = await api('POST', ctx.tp('/handoff/alerts/link'));
      replace(linkBox,
        h('p', {}, t('handoff.alerts.linkIntro', { when: dateTime(created.expiresAt, ctx.timeZone) })),
        h('ul', { class: 'plain' }, created.links.map((l) => h('li', {},
          h('a', { href: l.url, target: '_blank', rel: 'noopener' }, t('handoff.alerts.open', { handle: l.handle ?? l.url })),
          h('div', {}, h('img', { src: l.qr, width: 160, height: 160, alt: t('handoff.alerts.qrAlt', { handle: l.handle ?? l.url }) }))))),
        check);
      linkBox.querySelector('a')?.focus();
    } catch (error) { say(area, 'danger', refusal(error, 'handoff.alerts.noBot')); }
  } }, t('handoff.alerts.link'));
  const section = h('section', { class: 'card', id: 'handoff-alerts', 'aria-labelledby': 'handoff-alerts-head' },
    h('h2', { id: 'handoff-alerts-head' }, t('handoff.alerts.title')), h('p', { class: 'muted' }, t('handoff.alerts.intro')), area, state,
    h('div', { class: 'field' }, toggle, ' ', h('label', { for: toggle.id }, t('handoff.alerts.toggle'))),
    h('div', { class: 'toolbar' }, link, unlinkBox), linkBox);
  await run(() => api('GET', ctx.tp('/handoff/alerts')));
  return section;
}
