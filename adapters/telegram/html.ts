import type { FormattedText } from '../../core/index.js';

/**
 * Renders formatted text as Telegram HTML (`parse_mode: 'HTML'`). The one place where Telegram escaping
 * happens: `&`, `<`, `>` in text, and `"` too inside `href`. Only http(s) links become `<a>`; anything
 * else stays plain text, so a stored URL can never smuggle markup.
 *
 * @example
 * toTelegramHtml([{ text: 'Via <Roma> & ' }, { text: 'chiusa', bold: true }]);
 * // 'Via &lt;Roma&gt; &amp; <b>chiusa</b>'
 */
export function toTelegramHtml(text: FormattedText): string {
  return text
    .map((span) => {
      let html = escapeHtml(span.text);
      if (span.italic) html = `<i>${html}</i>`;
      if (span.bold) html = `<b>${html}</b>`;
      if (span.href && /^https?:\/\/\S+$/i.test(span.href)) html = `<a href="${escapeAttribute(span.href)}">${html}</a>`;
      return html;
    })
    .join('');
}

/** Escapes text for Telegram HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}
