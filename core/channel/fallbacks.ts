import type { ChannelCapabilities } from './capabilities.js';
import { joinText, plain, type FormattedText, type TextSpan } from './formatted-text.js';
import type { ChoiceButton } from './outbound.js';

/**
 * Rendering helpers adapters share for what their channel lacks. Pure functions.
 *
 * @example
 * const parts = splitText(text, adapter.capabilities.maxTextLength);
 * const { text: listed } = numberedChoices(text, choices);
 */

/**
 * Splits formatted text into parts of at most `max` code units, preferring paragraph, line, then word
 * boundaries, and never splitting a surrogate pair.
 */
export function splitText(text: FormattedText, max: number): FormattedText[] {
  if (max <= 0) throw new RangeError('splitText: max must be positive');
  const parts: TextSpan[][] = [];
  let current: TextSpan[] = [];
  let used = 0;
  const flush = () => {
    if (current.length > 0) parts.push(current);
    current = [];
    used = 0;
  };
  for (const span of text) {
    let rest = span.text;
    while (rest.length > 0) {
      const room = max - used;
      if (rest.length <= room) {
        current.push({ ...span, text: rest });
        used += rest.length;
        rest = '';
        break;
      }
      const cut = bestCut(rest, room, used === 0);
      if (cut === 0) {
        flush();
        continue;
      }
      current.push({ ...span, text: rest.slice(0, cut).trimEnd() });
      rest = rest.slice(cut).trimStart();
      flush();
    }
  }
  flush();
  return parts.filter((part) => part.some((span) => span.text.length > 0));
}

/** Where to cut `text` to fit `room`; 0 means "start a new part first" (only when the part is not empty). */
function bestCut(text: string, room: number, partEmpty: boolean): number {
  const window = text.slice(0, room + 1);
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at > room / 2) return at + separator.length > room ? at : at + separator.length;
  }
  if (!partEmpty) return 0;
  let cut = room;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return cut;
}

/**
 * Renders choices as a numbered list appended to the text ("1. ✅ Eventi"). The engine maps a bare
 * number the person answers back to the choice, on every channel.
 */
export function numberedChoices(text: FormattedText | undefined, choices: readonly ChoiceButton[], hint: string): FormattedText {
  const lines = choices.map((choice, index) => `${index + 1}. ${choice.selected ? '✅ ' : ''}${choice.label}`);
  return joinText([text ?? [], plain(lines.join('\n')), plain(hint)]);
}

/** Whether `choices` fit the channel's buttons, or must be rendered as a list / numbered text. */
export function choicesFit(capabilities: ChannelCapabilities, choices: readonly ChoiceButton[]): boolean {
  return choices.length <= capabilities.maxChoiceButtons && choices.every((c) => c.label.length <= capabilities.maxButtonLabel);
}

/** Shortens a label to the channel's limit with an ellipsis. */
export function truncateLabel(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}
