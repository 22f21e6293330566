/**
 * Turns `text`/`caption` plus `parse_mode` into the plain text Telegram would store, rejecting what Telegram
 * rejects. Length limits (4096 for text, 1024 for captions) apply to this plain text, "after entities parsing".
 *
 * HTML follows TDLib's parser (the one behind the Bot API): tag names are read up to whitespace or `>`, only the
 * documented tags are allowed, `&lt; &gt; &amp; &quot;` and numeric entities are decoded, other `&…;` stay as
 * text. MarkdownV2 is only checked for the mistake seen most in production (an unescaped reserved character such
 * as `.` or `!`); a full MarkdownV2 parser was not worth its size for a fake.
 */
import { apiErrors } from './api-error.js';

const allowedTags = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'span', 'blockquote',
]);

/**
 * Returns the plain text for `text` under `parseMode` (`HTML`, `MarkdownV2`, `Markdown` or none), or throws
 * Telegram's "can't parse entities" error.
 *
 * @example
 * plainText('<b>Avviso</b> &amp; info', 'HTML'); // 'Avviso & info'
 * plainText('<b>oops', 'HTML'); // throws 400 "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\""
 * plainText('Ciao.', 'MarkdownV2'); // throws 400 "... Character '.' is reserved and must be escaped with the preceding '\'"
 */
export function plainText(text: string, parseMode: string | undefined): string {
  switch (parseMode?.toLowerCase()) {
    case undefined:
    case '':
      return text;
    case 'html':
      return parseHtml(text);
    case 'markdownv2':
      return parseMarkdownV2(text);
    case 'markdown':
      return text.replace(/[*_`[\]]/g, '');
    default:
      throw apiErrors.badRequest(`unsupported parse_mode`);
  }
}

function byteOffset(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), 'utf8');
}

function parseHtml(html: string): string {
  const open: string[] = [];
  let out = '';
  let i = 0;
  while (i < html.length) {
    const char = html[i]!;
    if (char === '&') {
      const entity = /^&(?:(lt|gt|amp|quot)|#(\d{1,7})|#x([0-9a-f]{1,6}));/i.exec(html.slice(i, i + 12));
      if (entity) {
        out += decodeEntity(entity);
        i += entity[0].length;
      } else {
        out += char;
        i += 1;
      }
      continue;
    }
    if (char !== '<') {
      out += char;
      i += 1;
      continue;
    }
    const tagStart = i;
    if (html[i + 1] === '/') {
      const close = html.indexOf('>', i);
      if (close === -1) throw apiErrors.cantParseEntities(`Unclosed end tag at byte offset ${byteOffset(html, tagStart)}`);
      const name = html.slice(i + 2, close).trim().toLowerCase();
      const expected = open.pop();
      if (expected === undefined) {
        throw apiErrors.cantParseEntities(`Unexpected end tag at byte offset ${byteOffset(html, tagStart)}`);
      }
      if (name !== expected) {
        throw apiErrors.cantParseEntities(
          `Unmatched end tag at byte offset ${byteOffset(html, tagStart)}, expected "</${expected}>", found "</${name}>"`,
        );
      }
      i = close + 1;
      continue;
    }
    let nameEnd = i + 1;
    while (nameEnd < html.length && !/[\s>]/.test(html[nameEnd]!)) nameEnd += 1;
    const name = html.slice(i + 1, nameEnd).toLowerCase();
    if (nameEnd >= html.length) throw apiErrors.cantParseEntities(`Unclosed start tag at byte offset ${byteOffset(html, tagStart)}`);
    if (!allowedTags.has(name)) {
      throw apiErrors.cantParseEntities(`Unsupported start tag "${name}" at byte offset ${byteOffset(html, tagStart)}`);
    }
    const close = html.indexOf('>', nameEnd);
    if (close === -1) throw apiErrors.cantParseEntities(`Unclosed start tag at byte offset ${byteOffset(html, tagStart)}`);
    const attributes = parseAttributes(html.slice(nameEnd, close));
    if (name === 'span' && attributes.get('class') !== 'tg-spoiler') {
      throw apiErrors.cantParseEntities(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(html, tagStart)}`);
    }
    open.push(name);
    i = close + 1;
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) {
    throw apiErrors.cantParseEntities(`Can't find end tag corresponding to start tag "${unclosed}"`);
  }
  return out;
}

function decodeEntity(match: RegExpExecArray): string {
  const named = match[1]?.toLowerCase();
  if (named === 'lt') return '<';
  if (named === 'gt') return '>';
  if (named === 'amp') return '&';
  if (named === 'quot') return '"';
  const code = match[2] !== undefined ? Number(match[2]) : Number.parseInt(match[3] ?? '', 16);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match[0];
}

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /([^\s=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?/g;
  for (const match of source.matchAll(pattern)) {
    attributes.set(match[1]!.toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

const markdownV2Reserved = new Set(['.', '!', '-', '=', '#', '+', '|', '{', '}']);

function parseMarkdownV2(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === '\\') {
      out += text[i + 1] ?? '';
      i += 1;
    } else if (char === '`') {
      // Inside code and pre only ` and \ need escaping: copy up to the closing backtick(s).
      const fence = text.startsWith('```', i) ? '```' : '`';
      const end = text.indexOf(fence, i + fence.length);
      if (end === -1) throw apiErrors.cantParseEntities(`Can't find end of the entity starting at byte offset ${byteOffset(text, i)}`);
      out += text.slice(i + fence.length, end);
      i = end + fence.length - 1;
    } else if (char === ']' && text[i + 1] === '(') {
      // The URL of an inline link: only ) and \ need escaping there.
      const end = text.indexOf(')', i + 2);
      if (end === -1) throw apiErrors.cantParseEntities(`Can't find end of a URL at byte offset ${byteOffset(text, i + 1)}`);
      i = end;
    } else if (markdownV2Reserved.has(char)) {
      throw apiErrors.cantParseEntities(`Character '${char}' is reserved and must be escaped with the preceding '\\'`);
    } else if (!'*_~|[]()'.includes(char)) {
      out += char;
    }
  }
  return out;
}
