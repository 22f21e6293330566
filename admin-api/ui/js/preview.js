// How a notice will look on each channel, drawn from the same fields the API sends. These are
// approximations for the mayor's eye, not the adapters' exact rendering (which lives server-side).
import { h } from './dom.js';
import { t } from './i18n.js';

/** Telegram caps photo captions at 1024 characters; longer notices arrive as photo + text. */
const TELEGRAM_CAPTION = 1024;

/**
 * @param n {title, text, imageUrl, linkUrl, documentName, urgent}
 * @param idSuffix set when several languages' previews share the page, so heading ids stay unique
 */
export function renderPreviews(n, idSuffix = '') {
  const id = (base) => (idSuffix ? `${base}-${idSuffix}` : base);
  const title = n.title || t('compose.previewTitle');
  const text = n.text || t('compose.previewText');
  const img = () => (n.imageUrl ? h('img', { src: n.imageUrl, alt: '' }) : null);
  const doc = () => (n.documentName ? h('span', { class: 'pv-doc' }, `PDF · ${n.documentName}`) : null);
  const prefix = n.urgent ? '⚠️ ' : '';
  const captionLength = title.length + text.length + 2;

  const telegram = h('section', { class: 'preview preview-telegram', 'aria-labelledby': id('pv-tg') },
    h('h3', { id: id('pv-tg') }, 'Telegram'),
    h('div', { class: 'pv-bubble' }, img(), h('span', { class: 'pv-title' }, prefix + title), '\n\n', text,
      n.linkUrl ? h('span', { class: 'pv-button' }, t('compose.openLink')) : null),
    n.imageUrl && captionLength > TELEGRAM_CAPTION ? h('p', { class: 'pv-meta' }, t('compose.telegramSplit', { max: TELEGRAM_CAPTION })) : null,
    doc());
  const whatsapp = h('section', { class: 'preview preview-whatsapp', 'aria-labelledby': id('pv-wa') },
    h('h3', { id: id('pv-wa') }, 'WhatsApp'),
    h('div', { class: 'pv-bubble' }, img(), h('span', { class: 'pv-title' }, prefix + title), '\n\n', text,
      n.linkUrl ? ['\n\n', h('span', { class: 'pv-link' }, n.linkUrl)] : null),
    h('p', { class: 'pv-meta' }, t('compose.whatsappWindow')),
    doc());
  const webchat = h('section', { class: 'preview preview-webchat', 'aria-labelledby': id('pv-wc') },
    h('h3', { id: id('pv-wc') }, t('compose.webchat')),
    h('div', { class: 'pv-bubble' }, img(), h('span', { class: 'pv-title' }, prefix + title), '\n', text,
      n.linkUrl ? h('span', { class: 'pv-button' }, t('compose.openLink')) : null, doc()));
  return h('div', { class: 'previews' }, telegram, whatsapp, webchat);
}
