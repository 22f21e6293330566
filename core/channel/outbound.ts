import type { FormattedText } from './formatted-text.js';

/**
 * A normalized outbound message. Every field is optional but at least one of text or attachment is set.
 * The adapter renders what its channel lacks with a fallback (numbered list for too many choices,
 * a link in the text when link buttons are missing, several messages when a caption limit applies).
 *
 * @example
 * await ctx.reply({ text: markup('Scegli le *categorie*'),
 *   choices: [{ label: 'Eventi', payload: 'base:toggle:eventi', selected: true }] });
 */
export interface OutboundMessage {
  readonly text?: FormattedText;
  readonly attachment?: OutboundAttachment;
  /** Buttons that send a payload back as a `button` inbound. */
  readonly choices?: readonly ChoiceButton[];
  /** Buttons that open a URL. */
  readonly links?: readonly LinkButton[];
  /** Ask the person to share their position. */
  readonly requestLocation?: { readonly label: string };
  /** Replace this earlier message (edit in place) where the channel can; otherwise send a new one. */
  readonly replaceMessageId?: string;
  /** Channel-side template for channels with a reply window (e.g. WhatsApp), chosen by the sender. */
  readonly template?: TemplateRef;
  /**
   * Sent by the outbox (every notice part, reply and direct message the lanes send): a rate-limited
   * send returns `rate-limited` at once so the lane pauses as a whole, instead of the adapter waiting
   * inside the call and sending again outside the lane's budget. Unset for a direct `adapter.send`.
   */
  readonly bulk?: boolean;
}

export interface ChoiceButton {
  readonly label: string;
  /** Opaque to the channel: `<module>:<action>[:<arg>]`. Adapters shorten it if their channel needs to. */
  readonly payload: string;
  /** For toggles: rendered with a check mark. */
  readonly selected?: boolean;
}

export interface LinkButton {
  readonly label: string;
  readonly url: string;
}

export interface OutboundAttachment {
  readonly kind: 'image' | 'document';
  readonly media: MediaSource;
  readonly caption?: FormattedText;
}

/**
 * Stored media the adapter can upload. `id` is stable (content hash), so adapters cache their channel's
 * upload handle per account (e.g. Telegram's `file_id`) and upload each file once.
 */
export interface MediaSource {
  readonly id: string;
  readonly mimeType: string;
  readonly size: number;
  readonly fileName: string;
  read(): Promise<Uint8Array>;
}

/** A pre-approved channel template: name, language and positional variables. */
export interface TemplateRef {
  readonly name: string;
  readonly language: string;
  readonly variables: readonly string[];
}
