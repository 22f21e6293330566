// The alert an open operator tab raises when a new person waits: a visible banner with a link to the
// conversation, the screen-reader announcement, a short beep and, where the operator allowed it, a
// browser notification (clicking it opens the conversation).
import { announce, h, replace } from './dom.js';
import { t } from './i18n.js';

/** One audio context for the tab: browsers cap how many a page may open. */
let audio = null;

/**
 * The banner the alert fills (hidden until the first new request).
 * @example const banner = alertBanner(); main.append(banner);
 */
export function alertBanner() {
  return h('div', { class: 'alert alert-warning', id: 'handoff-alert', hidden: true });
}

/**
 * Raises the alert for `conversation` (the summary a `conversation` event carries).
 * @example alertNewRequest(banner, data.conversation);
 */
export function alertNewRequest(banner, conversation) {
  const text = t('handoff.newRequest');
  const href = `#/handoff/${conversation.id}`;
  replace(banner, h('p', {}, text, ' · ', h('a', { href }, t('handoff.openRequest', { id: conversation.id }))));
  banner.hidden = false;
  announce(text);
  try {
    audio ??= new AudioContext();
    const beep = audio.createOscillator();
    beep.connect(audio.destination);
    beep.start();
    beep.stop(audio.currentTime + 0.15);
  } catch { /* no sound where the browser refuses it */ }
  if ('Notification' in window && Notification.permission === 'granted') {
    const note = new Notification(text, { body: t('handoff.openRequest', { id: conversation.id }), tag: `handoff-${conversation.id}` });
    note.onclick = () => { window.focus(); location.hash = href; note.close(); };
  }
}
