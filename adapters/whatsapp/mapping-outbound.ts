import {
  defaultChannelTexts, joinText, numberedChoices, plain, splitText, textLength, toPlainText, truncateLabel,
  type ChannelTexts, type ChoiceButton, type FormattedText, type OutboundAttachment, type OutboundMessage, type TemplateRef,
} from '../../core/index.js';

// ---------------------------------------------------------------------------------------------------
// Outbound: a normalized message becomes one or more Cloud API message bodies ("parts"), in order.
// ---------------------------------------------------------------------------------------------------

/** WhatsApp's limits the renderer keeps to (Meta's messages reference). */
export const WHATSAPP_LIMITS = {
  text: 4096,
  caption: 1024,
  /** Body of reply-button, CTA-URL and location-request messages. */
  interactiveBody: 1024,
  listBody: 4096,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  listButton: 20,
  ctaDisplayText: 20,
  templateParameter: 1024,
} as const;

/**
 * Texts the renderer needs that the message does not carry (list button ≤ 20 chars, the hint after a
 * numbered list, the body of a choices-only message): `SendContext.texts` in the person's language.
 */
export type RenderTexts = ChannelTexts;

/** Core's Italian channel words, when the caller passes none (a broadcast has no choices). */
export const DEFAULT_RENDER_TEXTS: RenderTexts = defaultChannelTexts();

/** One message to send: a ready body, or media that must be uploaded (or found in the cache) first. */
export type OutboundPart =
  | { readonly kind: 'body'; readonly body: Readonly<Record<string, unknown>> }
  | { readonly kind: 'media'; readonly attachment: OutboundAttachment; readonly caption?: string };

/**
 * Renders a normalized message into Cloud API bodies (without `messaging_product` and the recipient,
 * which the adapter adds). Choices: ≤ 3 short labels → reply buttons; ≤ 10 → a list; more → numbered
 * text (the engine maps a bare number back to the choice). One link and no other interaction → a CTA
 * URL button; otherwise links are written into the text. `requestLocation` → a location request.
 *
 * @example
 * toWhatsApp({ text: plain('Scegli'), choices: [{ label: 'Sì', payload: 'x:yes' }] });
 * // [{ kind: 'body', body: { type: 'interactive', interactive: { type: 'button', … } } }]
 */
export function toWhatsApp(message: OutboundMessage, texts: RenderTexts = DEFAULT_RENDER_TEXTS): OutboundPart[] {
  const parts: OutboundPart[] = [];
  let text: FormattedText = message.text ?? [];
  const choices = message.choices ?? [];
  const links = message.links ?? [];

  if (message.attachment) {
    const caption = message.attachment.caption ?? (choices.length === 0 && links.length === 0 && !message.requestLocation && textLength(text) <= WHATSAPP_LIMITS.caption ? text : []);
    const captionText = toWhatsAppText(caption);
    if (captionText.length <= WHATSAPP_LIMITS.caption) {
      parts.push({ kind: 'media', attachment: message.attachment, ...(captionText ? { caption: captionText } : {}) });
      if (caption === text) text = [];
    } else {
      parts.push({ kind: 'media', attachment: message.attachment });
      text = joinText([caption, caption === text ? [] : text]);
    }
  }

  const ctaLink = choices.length === 0 && !message.requestLocation && links.length === 1 && (links[0]?.label.length ?? 99) <= WHATSAPP_LIMITS.ctaDisplayText ? links[0] : undefined;
  if (links.length > 0 && !ctaLink) text = joinText([text, plain(links.map((l) => `${l.label}: ${l.url}`).join('\n'))]);

  let interactive: ((body: string) => Record<string, unknown>) | undefined;
  let bodyLimit: number = WHATSAPP_LIMITS.interactiveBody;
  if (choices.length > 0) {
    const labels = choices.map(choiceLabel);
    if (choices.length <= WHATSAPP_LIMITS.buttons && labels.every((l) => l.length <= WHATSAPP_LIMITS.buttonTitle) && choices.every((c) => c.payload.length <= WHATSAPP_LIMITS.buttonId)) {
      interactive = (body) => ({
        type: 'interactive',
        interactive: { type: 'button', body: { text: body }, action: { buttons: choices.map((c, i) => ({ type: 'reply', reply: { id: c.payload, title: labels[i] } })) } },
      });
    } else if (choices.length <= WHATSAPP_LIMITS.listRows && choices.every((c) => c.payload.length <= WHATSAPP_LIMITS.rowId)) {
      bodyLimit = WHATSAPP_LIMITS.listBody;
      interactive = (body) => ({
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: body },
          action: { button: truncateLabel(texts.listButton, WHATSAPP_LIMITS.listButton), sections: [{ rows: choices.map((c, i) => listRow(c, labels[i] ?? c.label)) }] },
        },
      });
    } else {
      text = numberedChoices(text, choices, texts.numberedHint);
    }
  } else if (message.requestLocation) {
    interactive = (body) => ({ type: 'interactive', interactive: { type: 'location_request_message', body: { text: body }, action: { name: 'send_location' } } });
  } else if (ctaLink) {
    interactive = (body) => ({
      type: 'interactive',
      interactive: { type: 'cta_url', body: { text: body }, action: { name: 'cta_url', parameters: { display_text: ctaLink.label, url: ctaLink.url } } },
    });
  }

  const rendered = splitText(text, WHATSAPP_LIMITS.text).map(toWhatsAppText).filter((t) => t.length > 0);
  if (!interactive) {
    for (const body of rendered) parts.push(textPart(body));
    return parts;
  }
  // The interactive message carries the last chunk of text that fits its body; the rest goes before it.
  const last = rendered.pop();
  const tail = last === undefined ? [] : splitPlain(last, bodyLimit);
  const body = tail.pop() ?? (message.requestLocation?.label || (ctaLink ? ctaLink.url : texts.choicePrompt));
  for (const before of [...rendered, ...tail]) parts.push(textPart(before));
  parts.push({ kind: 'body', body: interactive(body) });
  // Location request with choices too: the choices were rendered above, ask for the position after.
  if (message.requestLocation && choices.length > 0) {
    parts.push({ kind: 'body', body: { type: 'interactive', interactive: { type: 'location_request_message', body: { text: message.requestLocation.label }, action: { name: 'send_location' } } } });
  }
  return parts;
}

/** The body of a template message. Parameters: no newlines or tabs, ≤ 4 spaces in a row (Meta rejects them). */
export function templateBody(template: TemplateRef): Record<string, unknown> {
  const parameters = template.variables.map((value) => ({ type: 'text', text: templateParameter(value) }));
  return {
    type: 'template',
    template: {
      name: template.name,
      language: { code: template.language },
      ...(parameters.length > 0 ? { components: [{ type: 'body', parameters }] } : {}),
    },
  };
}

/** The body of an uploaded image or document. */
export function mediaBody(kind: 'image' | 'document', mediaId: string, caption: string | undefined, fileName: string): Record<string, unknown> {
  const object: Record<string, unknown> = { id: mediaId };
  if (caption) object.caption = caption;
  if (kind === 'document') object.filename = fileName;
  return { type: kind, [kind]: object };
}

/**
 * Formatted text in WhatsApp's markup: `*bold*`, `_italic_`, links inline as "label (url)". Spaces are
 * kept outside the markers, which WhatsApp needs to recognise them.
 */
export function toWhatsAppText(text: FormattedText): string {
  return text
    .map((span) => {
      let content = span.text;
      if (span.href && span.href !== content.trim()) content = `${content} (${span.href})`;
      if (!span.bold && !span.italic) return content;
      const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(content);
      const [, lead = '', core = '', trail = ''] = match ?? [];
      if (core.length === 0 || core.includes('\n')) return content;
      const marked = span.bold && span.italic ? `*_${core}_*` : span.bold ? `*${core}*` : `_${core}_`;
      return `${lead}${marked}${trail}`;
    })
    .join('');
}

function choiceLabel(choice: ChoiceButton): string {
  return `${choice.selected ? '✅ ' : ''}${choice.label}`;
}

function listRow(choice: ChoiceButton, label: string): Record<string, unknown> {
  const title = truncateLabel(label, WHATSAPP_LIMITS.rowTitle);
  return { id: choice.payload, title, ...(title !== label ? { description: truncateLabel(label, WHATSAPP_LIMITS.rowDescription) } : {}) };
}

function textPart(body: string): OutboundPart {
  return { kind: 'body', body: { type: 'text', text: { body, preview_url: /https?:\/\//.test(body) } } };
}

function splitPlain(text: string, max: number): string[] {
  return text.length <= max ? [text] : splitText(plain(text), max).map(toPlainText);
}

function templateParameter(value: string): string {
  const clean = value.replace(/[\n\r\t]+/g, ' ').replace(/ {4,}/g, '   ').trim();
  return truncateLabel(clean.length > 0 ? clean : '-', WHATSAPP_LIMITS.templateParameter);
}
