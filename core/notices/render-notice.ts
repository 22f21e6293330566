import { joinText, plain, textLength, type FormattedText } from '../channel/formatted-text.js';
import type { MediaSource, OutboundMessage } from '../channel/outbound.js';

/** The parts of a notice rendering needs (a `Notice` row fits). */
export interface RenderableNotice {
  readonly title: string;
  readonly text: string;
  readonly linkUrl?: string | null;
}

/** Labels in the recipient's language. */
export interface NoticeLabels {
  readonly link: string;
}

/**
 * Renders a notice as channel-neutral messages: the title in bold, the text, the image as an attachment
 * carrying title and text as caption (when the channel's caption limit allows; otherwise image first,
 * then the text), the link as a button, the PDF as a document message last. Adapters split text beyond
 * their own limits. Media keep their content-hash id, so an adapter uploads each file once per account.
 *
 * @example
 * const messages = renderNotice(notice, { image, document }, { link: 'Apri il link' }, { maxCaptionLength: 1024 });
 * for (const m of messages) await adapter.send(ref, m);
 */
export function renderNotice(
  notice: RenderableNotice,
  media: { readonly image?: MediaSource | null; readonly document?: MediaSource | null },
  labels: NoticeLabels,
  limits: { readonly maxCaptionLength: number } = { maxCaptionLength: 1024 },
): OutboundMessage[] {
  const body: FormattedText = joinText([[{ text: notice.title, bold: true }], plain(notice.text)]);
  const links = notice.linkUrl ? [{ label: labels.link, url: notice.linkUrl }] : undefined;
  const messages: OutboundMessage[] = [];
  if (media.image && textLength(body) <= limits.maxCaptionLength) {
    messages.push({ attachment: { kind: 'image', media: media.image, caption: body }, ...(links ? { links } : {}) });
  } else {
    if (media.image) messages.push({ attachment: { kind: 'image', media: media.image } });
    messages.push({ text: body, ...(links ? { links } : {}) });
  }
  if (media.document) messages.push({ attachment: { kind: 'document', media: media.document } });
  return messages;
}
