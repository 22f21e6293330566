/**
 * Escaping for XML and HTML text and attribute values. Characters XML 1.0 forbids (control characters
 * a pasted text may carry) are dropped: one of them would make the whole feed unreadable.
 *
 * @example
 * escapeXml('Tom & "Jerry" <3'); // 'Tom &amp; &quot;Jerry&quot; &lt;3'
 */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The same for HTML (`&apos;` is not HTML 4; `&#39;` works everywhere). */
export function escapeHtml(text: string): string {
  return escapeXml(text).replace(/&apos;/g, '&#39;');
}
