import { textLength, toPlainText, type FormattedText, type TextSpan } from '../../core/index.js';

/**
 * A caption too long for the media: the first line (a notice's title) stays as a short caption and the
 * rest follows as text. Without a short enough first line, the media goes without caption.
 *
 * @example
 * const [short, rest] = splitCaption(caption, 1024);
 * // short: the title line, rest: sent as a text message after the photo
 */
export function splitCaption(caption: FormattedText, max: number): [FormattedText, FormattedText] {
  if (textLength(caption) <= max) return [caption, []];
  const plainText = toPlainText(caption);
  const newline = plainText.indexOf('\n');
  if (newline <= 0 || newline > max) return [[], caption];
  return [slice(caption, 0, newline), trimStart(slice(caption, newline, plainText.length))];
}

function slice(text: FormattedText, start: number, end: number): FormattedText {
  const out: TextSpan[] = [];
  let at = 0;
  for (const span of text) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + span.text.length);
    if (to > from) out.push({ ...span, text: span.text.slice(from - at, to - at) });
    at += span.text.length;
  }
  return out;
}

function trimStart(text: FormattedText): FormattedText {
  const out = [...text];
  while (out.length > 0 && out[0]!.text.trimStart() === '') out.shift();
  if (out[0]) out[0] = { ...out[0], text: out[0].text.trimStart() };
  return out;
}
