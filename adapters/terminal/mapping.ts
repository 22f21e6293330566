import { numberedChoices, parseCommandText, type ConversationRef, type FormattedText, type InboundMessage, type OutboundMessage } from '../../core/index.js';

/**
 * Renders an outbound message as terminal text: bold/italic with ANSI codes when `color` is on, choices
 * as a numbered list (the engine maps a typed number back to the choice), links and media as lines.
 *
 * @example
 * toTerminal({ text: plain('Ciao') }, { color: false, numberedHint: 'Rispondi con il numero.' }); // 'Ciao'
 */
export function toTerminal(message: OutboundMessage, options: { color: boolean; numberedHint: string }): string {
  const text = message.choices?.length ? numberedChoices(message.text, message.choices, options.numberedHint) : message.text ?? [];
  const lines = [render(text, options.color)];
  if (message.attachment) lines.push(`[${message.attachment.kind === 'image' ? 'immagine' : 'documento'}: ${message.attachment.media.fileName}]`);
  for (const link of message.links ?? []) lines.push(`→ ${link.label}: ${link.url}`);
  if (message.requestLocation) lines.push(`(${message.requestLocation.label}: scrivi "posizione <lat> <lon>")`);
  return lines.filter(Boolean).join('\n');
}

function render(text: FormattedText, color: boolean): string {
  return text
    .map((span) => {
      let out = span.href ? `${span.text} <${span.href}>` : span.text;
      if (color && span.bold) out = `\x1b[1m${out}\x1b[22m`;
      if (color && span.italic) out = `\x1b[3m${out}\x1b[23m`;
      return out;
    })
    .join('');
}

/** "posizione 46.07 11.12" → a location; anything else → undefined. */
export function parseLocation(line: string): { latitude: number; longitude: number } | undefined {
  const match = /^posizione\s+(-?\d+(?:\.\d+)?)\s*[, ]\s*(-?\d+(?:\.\d+)?)$/i.exec(line.trim());
  if (!match) return undefined;
  const latitude = Number(match[1]);
  const longitude = Number(match[2]);
  return Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180 ? { latitude, longitude } : undefined;
}

/**
 * One typed line as a normalized message: `/comando arg` a command, "posizione <lat> <lon>" a location,
 * anything else text. The adapter gives the id and the time, so the mapping stays pure.
 *
 * @example
 * fromTerminal('/eventi', { id: 't-1', ref, receivedAt: new Date() }); // { kind: 'command', command: 'eventi', … }
 */
export function fromTerminal(line: string, context: { id: string; ref: ConversationRef; receivedAt: Date }): InboundMessage {
  const base = { type: 'message' as const, id: context.id, ref: context.ref, from: { id: 'terminal', locale: 'it' }, receivedAt: context.receivedAt, raw: line };
  const command = parseCommandText(line);
  const location = parseLocation(line);
  return command
    ? { ...base, kind: 'command' as const, ...command }
    : location
      ? { ...base, kind: 'location' as const, ...location }
      : { ...base, kind: 'text' as const, text: line };
}
