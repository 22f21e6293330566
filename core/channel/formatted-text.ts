/**
 * The small formatting subset every channel can render: bold, italic and links. Text is kept as spans,
 * never as channel markup, so escaping is the adapter's job in exactly one place.
 *
 * @example
 * const text = markup('Benvenuto in *{comune}*', { comune: 'Comune di Esempio' });
 * toPlainText(text); // 'Benvenuto in Comune di Esempio'
 */
export interface TextSpan {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  /** Absolute http(s) URL the span links to. */
  readonly href?: string;
}

/** Formatted text: a list of spans. Newlines are plain `\n` inside span text. */
export type FormattedText = readonly TextSpan[];

/** Wraps a plain string (no markup is interpreted). */
export function plain(text: string): FormattedText {
  return text.length === 0 ? [] : [{ text }];
}

/** Concatenates the text of every span. */
export function toPlainText(text: FormattedText): string {
  return text.map((span) => span.text).join('');
}

/** Length in UTF-16 code units, as most channel limits count. */
export function textLength(text: FormattedText): number {
  return text.reduce((sum, span) => sum + span.text.length, 0);
}

/** Joins several texts with a separator (plain), e.g. paragraphs with '\n\n'. */
export function joinText(parts: readonly FormattedText[], separator = '\n\n'): FormattedText {
  const out: TextSpan[] = [];
  parts.filter((part) => part.length > 0).forEach((part, index) => {
    if (index > 0) out.push({ text: separator });
    out.push(...part);
  });
  return out;
}

const TOKEN = /\*([^*\n]+)\*|_([^_\n]+)_|\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g;

/**
 * Parses the translation-file markup (`*bold*`, `_italic_`, `[label](https://…)`) into spans, then fills
 * `{name}` placeholders. Values are inserted after parsing, so a citizen's text can never inject markup.
 */
export function markup(template: string, vars: Readonly<Record<string, string | number>> = {}): FormattedText {
  const spans: TextSpan[] = [];
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) spans.push({ text: template.slice(last, index) });
    if (match[1] !== undefined) spans.push({ text: match[1], bold: true });
    else if (match[2] !== undefined) spans.push({ text: match[2], italic: true });
    else if (match[3] !== undefined && match[4] !== undefined) spans.push({ text: match[3], href: match[4] });
    last = index + match[0].length;
  }
  if (last < template.length) spans.push({ text: template.slice(last) });
  return spans
    .map((span) => ({ ...span, text: interpolate(span.text, vars) }))
    .filter((span) => span.text.length > 0);
}

/** Replaces `{name}` with the value; unknown names stay visible so a missing variable is noticed. */
export function interpolate(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}
