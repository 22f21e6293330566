import {
  choicesFit, numberedChoices, parseCommandText, splitText, type ChannelCapabilities, type ConversationRef, type FormattedText,
  type InboundMessage, type OutboundMessage, type TextSpan,
} from '../../core/index.js';

/**
 * Pure mapping between Campanile's normalized messages and the web chat's JSON: what the browser renders
 * (`RenderedMessage`, also what the history stores) and the frames it sends (`ClientFrame`).
 *
 * @example
 * const parts = toWebchat(outbound, capabilities, media);
 * const inbound = fromWebchat(frame, { ref, receivedAt: new Date(), locale: 'it' });
 */

/** A span as the browser renders it; `href` is only ever an absolute http(s) URL. */
export interface RenderedSpan {
  readonly text: string;
  readonly bold?: true;
  readonly italic?: true;
  readonly href?: string;
}

/** A stored, served media file: the browser gets a signed URL, never a path. */
export interface RenderedMedia {
  readonly kind: 'image' | 'document' | 'photo' | 'video';
  readonly url: string;
  readonly mimeType: string;
  readonly fileName: string;
  readonly size: number;
  readonly caption?: readonly RenderedSpan[];
}

/** One chat bubble. Outbound bubbles may carry buttons; inbound ones text, a position or media. */
export interface RenderedMessage {
  readonly text?: readonly RenderedSpan[];
  readonly choices?: readonly { readonly label: string; readonly payload: string; readonly selected?: boolean }[];
  readonly links?: readonly { readonly label: string; readonly url: string }[];
  readonly requestLocation?: { readonly label: string };
  readonly attachment?: RenderedMedia;
  readonly location?: { readonly latitude: number; readonly longitude: number };
}

/** Frames the browser sends over the WebSocket. `id` is the browser's message id (acked by the server). */
export type ClientFrame =
  | { readonly t: 'hello'; readonly token?: string; readonly locale?: string }
  | { readonly t: 'msg'; readonly id: string; readonly text: string }
  | { readonly t: 'button'; readonly id: string; readonly payload: string; readonly messageId?: string }
  | { readonly t: 'location'; readonly id: string; readonly latitude: number; readonly longitude: number; readonly accuracy?: number };

/** Longest button payload accepted from the browser (payloads are `<module>:<action>[:<arg>]`). */
export const MAX_PAYLOAD = 256;
const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Keeps only what the browser may render: http(s) links, bold and italic flags. */
export function toSpans(text: FormattedText): RenderedSpan[] {
  return text.map((span: TextSpan) => {
    const href = span.href && safeUrl(span.href);
    return { text: span.text, ...(span.bold ? { bold: true as const } : {}), ...(span.italic ? { italic: true as const } : {}), ...(href ? { href } : {}) };
  });
}

/** An absolute http(s) URL, or undefined (javascript:, data: and relative URLs are dropped). */
export function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Renders one outbound message as one or more bubbles within the capabilities: long text is split, and
 * buttons, links and the location request go with the last bubble. Too many choices become a numbered
 * list (the engine maps a bare number back to the choice).
 */
export function toWebchat(message: OutboundMessage, capabilities: ChannelCapabilities, media?: RenderedMedia): RenderedMessage[] {
  let text = message.text ?? [];
  let choices = message.choices;
  if (choices && choices.length > 0 && !choicesFit(capabilities, choices)) {
    text = numberedChoices(text, choices, '');
    choices = undefined;
  }
  const parts = text.length > 0 ? splitText(text, capabilities.maxTextLength) : [];
  const bubbles: RenderedMessage[] = parts.slice(0, -1).map((part) => ({ text: toSpans(part) }));
  const last = parts.at(-1);
  const links = (message.links ?? []).flatMap((link) => {
    const url = safeUrl(link.url);
    return url ? [{ label: link.label, url }] : [];
  });
  const final: RenderedMessage = {
    ...(last ? { text: toSpans(last) } : {}),
    ...(media ? { attachment: media } : {}),
    ...(choices && choices.length > 0
      ? { choices: choices.map((c) => ({ label: c.label, payload: c.payload, ...(c.selected === undefined ? {} : { selected: c.selected }) })) }
      : {}),
    ...(links.length > 0 ? { links } : {}),
    ...(message.requestLocation ? { requestLocation: { label: message.requestLocation.label } } : {}),
  };
  if (Object.keys(final).length > 0) bubbles.push(final);
  return bubbles;
}

/** Why a client frame was refused; `code` is what the browser translates for the person. */
export class FrameError extends Error {
  override readonly name = 'FrameError';
  constructor(readonly code: 'bad-frame' | 'too-long', message: string) {
    super(message);
  }
}

/**
 * Parses a browser frame (already JSON-decoded) into a `ClientFrame`, checking every field.
 * Throws `FrameError` with a fix-it message.
 */
export function parseFrame(value: unknown, maxText: number): ClientFrame {
  if (typeof value !== 'object' || value === null) throw new FrameError('bad-frame', 'A frame must be a JSON object with a "t" field.');
  const frame = value as Record<string, unknown>;
  const str = (key: string) => (typeof frame[key] === 'string' ? (frame[key] as string) : undefined);
  const num = (key: string) => (typeof frame[key] === 'number' && Number.isFinite(frame[key]) ? (frame[key] as number) : undefined);
  const id = () => {
    const clientId = str('id');
    if (!clientId || !CLIENT_ID.test(clientId)) throw new FrameError('bad-frame', 'Each message needs an "id" of 8-64 characters [A-Za-z0-9_-].');
    return clientId;
  };
  switch (frame.t) {
    case 'hello': {
      const token = str('token');
      const locale = str('locale');
      return { t: 'hello', ...(token ? { token } : {}), ...(locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(locale) ? { locale } : {}) };
    }
    case 'msg': {
      const text = str('text');
      if (text === undefined) throw new FrameError('bad-frame', 'A "msg" frame needs a "text" string.');
      if (text.length > maxText) throw new FrameError('too-long', `Messages are at most ${maxText} characters; this one has ${text.length}.`);
      return { t: 'msg', id: id(), text };
    }
    case 'button': {
      const payload = str('payload');
      if (!payload || payload.length > MAX_PAYLOAD) throw new FrameError('bad-frame', `A "button" frame needs a "payload" of 1-${MAX_PAYLOAD} characters.`);
      const messageId = str('messageId');
      return { t: 'button', id: id(), payload, ...(messageId && /^\d{1,18}$/.test(messageId) ? { messageId } : {}) };
    }
    case 'location': {
      const latitude = num('latitude');
      const longitude = num('longitude');
      const accuracy = num('accuracy');
      if (latitude === undefined || longitude === undefined || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
        throw new FrameError('bad-frame', 'A "location" frame needs numeric "latitude" (±90) and "longitude" (±180).');
      }
      return { t: 'location', id: id(), latitude, longitude, ...(accuracy !== undefined && accuracy >= 0 ? { accuracy } : {}) };
    }
    default:
      throw new FrameError('bad-frame', 'Unknown frame type: use "hello", "msg", "button" or "location".');
  }
}

/**
 * The normalized inbound message for a message frame. The event id joins session and client id, so a
 * frame resent after a reconnect is processed once by the engine.
 */
export function fromWebchat(
  frame: Exclude<ClientFrame, { t: 'hello' }>,
  context: { ref: ConversationRef; receivedAt: Date; locale?: string },
): InboundMessage {
  const base = {
    type: 'message' as const,
    id: `${context.ref.chatId}:${frame.id}`,
    ref: context.ref,
    from: { id: context.ref.chatId, ...(context.locale ? { locale: context.locale } : {}) },
    receivedAt: context.receivedAt,
    raw: frame,
  };
  switch (frame.t) {
    case 'msg': {
      const command = parseCommandText(frame.text);
      return command ? { ...base, kind: 'command', ...command } : { ...base, kind: 'text', text: frame.text };
    }
    case 'button':
      return { ...base, kind: 'button', payload: frame.payload, ...(frame.messageId ? { messageId: frame.messageId } : {}) };
    case 'location':
      return { ...base, kind: 'location', latitude: frame.latitude, longitude: frame.longitude, ...(frame.accuracy !== undefined ? { accuracyMeters: frame.accuracy } : {}) };
  }
}

/** What the history shows for an inbound frame (button presses show no bubble: the buttons change). */
export function inboundBubble(frame: Exclude<ClientFrame, { t: 'hello' }>): RenderedMessage | undefined {
  if (frame.t === 'msg') return { text: [{ text: frame.text }] };
  if (frame.t === 'location') return { location: { latitude: frame.latitude, longitude: frame.longitude } };
  return undefined;
}
