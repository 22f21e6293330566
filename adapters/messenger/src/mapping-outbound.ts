import {
  defaultChannelTexts, joinText, numberedChoices, plain, splitText, toPlainText, truncateLabel,
  type ChannelTexts, type ChoiceButton, type FormattedText, type OutboundAttachment, type OutboundMessage,
} from 'campanile';
import { MESSENGER_LIMITS } from './messenger-capabilities.js';

/** The `message` object of a Send API call (recipient and messaging type are added by the adapter). */
export type MsMessage =
  | { readonly text: string; readonly quick_replies?: readonly { readonly content_type: 'text'; readonly title: string; readonly payload: string }[] }
  | { readonly attachment: { readonly type: 'template'; readonly payload: { readonly template_type: 'button'; readonly text: string; readonly buttons: readonly { readonly type: 'postback'; readonly title: string; readonly payload: string }[] } } };

/** One Send API call to make, in order: a ready `message`, or a file to upload (or reuse) first. */
export type MessengerPart =
  | { readonly kind: 'message'; readonly message: MsMessage }
  | { readonly kind: 'attachment'; readonly attachment: OutboundAttachment };

/**
 * Renders a normalized message into Send API calls. The file goes first (Messenger attachments have no
 * caption: the caption and the text follow as text). Texts are split at 2000 characters; choices ride
 * on the last part: ≤ 3 as a button template (when that part fits its 640 characters), ≤ 13 as quick
 * replies, more as a numbered list (the engine maps a bare number back). Links are written as text.
 *
 * @example
 * toMessenger({ text: plain('Scegli'), choices: [{ label: 'Sì', payload: 'x:yes' }] });
 * // [{ kind: 'message', message: { attachment: { type: 'template', payload: { template_type: 'button', … } } } }]
 */
export function toMessenger(message: OutboundMessage, texts: ChannelTexts = defaultChannelTexts()): MessengerPart[] {
  const parts: MessengerPart[] = [];
  let text: FormattedText = message.text ?? [];
  if (message.attachment) {
    parts.push({ kind: 'attachment', attachment: message.attachment });
    if (message.attachment.caption) text = joinText([message.attachment.caption, text]);
  }
  const links = message.links ?? [];
  if (links.length > 0) text = joinText([text, plain(links.map((l) => `${l.label}: ${l.url}`).join('\n'))]);
  const choices = message.choices ?? [];
  const buttons = choices.length > 0 && choices.length <= MESSENGER_LIMITS.quickReplies && choices.every((c) => c.payload.length <= MESSENGER_LIMITS.payload);
  if (choices.length > 0 && !buttons) text = numberedChoices(text, choices, texts.numberedHint);
  if (buttons && toPlainText(text).trim() === '') text = plain(texts.choicePrompt);

  const chunks = toPlainText(text) === '' ? [] : splitText(text, MESSENGER_LIMITS.text).map(toPlainText);
  chunks.forEach((chunk, index) => {
    const last = index === chunks.length - 1;
    if (!last || !buttons) return void parts.push({ kind: 'message', message: { text: chunk } });
    parts.push({ kind: 'message', message: withChoices(chunk, choices) });
  });
  return parts;
}

/** Postback buttons in a template when they fit it (they stay on screen), else quick replies. */
function withChoices(text: string, choices: readonly ChoiceButton[]): MsMessage {
  const label = (c: ChoiceButton) => truncateLabel(`${c.selected ? '✅ ' : ''}${c.label}`, MESSENGER_LIMITS.buttonTitle);
  if (choices.length <= MESSENGER_LIMITS.templateButtons && text.length <= MESSENGER_LIMITS.templateText) {
    return { attachment: { type: 'template', payload: { template_type: 'button', text, buttons: choices.map((c) => ({ type: 'postback', title: label(c), payload: c.payload })) } } };
  }
  return { text, quick_replies: choices.map((c) => ({ content_type: 'text', title: label(c), payload: c.payload })) };
}

/**
 * The Send API `message` of an uploaded file: `image` for images, `file` for documents.
 *
 * @example
 * attachmentMessage('image', '1857777774821032'); // { attachment: { type: 'image', payload: { attachment_id: '…' } } }
 */
export function attachmentMessage(kind: OutboundAttachment['kind'], attachmentId: string): Record<string, unknown> {
  return { attachment: { type: kind === 'image' ? 'image' : 'file', payload: { attachment_id: attachmentId } } };
}
