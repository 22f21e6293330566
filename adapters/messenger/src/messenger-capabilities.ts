import type { ChannelCapabilities } from 'campanile';

/** Hours after the person's last message in which a page may send free-form messages. */
export const MESSENGER_REPLY_WINDOW_HOURS = 24;

/** The Send API's limits the renderer keeps to (Meta's Messenger Platform reference, Graph API v2x). */
export const MESSENGER_LIMITS = {
  text: 2000,
  quickReplies: 13,
  quickReplyTitle: 20,
  /** Buttons of a button template, and the length of its text. */
  templateButtons: 3,
  templateText: 640,
  buttonTitle: 20,
  payload: 1000,
  image: 8 * 1024 * 1024,
  attachment: 25 * 1024 * 1024,
} as const;

/**
 * What Messenger can do. Choices: ≤ 3 a button template (postbacks), ≤ 13 quick replies, more numbered.
 * Attachments carry no caption (the text goes as its own message). Location requests were removed from
 * quick replies by Meta in 2019, so none is declared.
 *
 * @example
 * messengerCapabilities.replyWindowHours; // 24
 */
export const messengerCapabilities: ChannelCapabilities = {
  maxTextLength: MESSENGER_LIMITS.text,
  maxCaptionLength: 0,
  maxChoiceButtons: MESSENGER_LIMITS.quickReplies,
  maxButtonLabel: MESSENGER_LIMITS.quickReplyTitle,
  list: null,
  linkButtons: false,
  locationRequest: false,
  edit: false,
  delete: false,
  media: {
    image: { maxBytes: MESSENGER_LIMITS.image, mimeTypes: ['image/jpeg', 'image/png', 'image/gif'] },
    document: { maxBytes: MESSENGER_LIMITS.attachment, mimeTypes: ['application/pdf', 'text/plain', 'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'] },
  },
  inboundMedia: {
    photo: { maxBytes: MESSENGER_LIMITS.attachment, mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] },
    video: { maxBytes: MESSENGER_LIMITS.attachment, mimeTypes: ['video/mp4', 'video/quicktime'] },
    audio: { maxBytes: MESSENGER_LIMITS.attachment, mimeTypes: ['audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/wav', 'audio/ogg'] },
    document: { maxBytes: MESSENGER_LIMITS.attachment, mimeTypes: ['application/pdf'] },
  },
  // A page can only answer someone who wrote to it (there is no PSID before), and outside 24 h only
  // with a permitted tag: Campanile's notices fit none (see `permittedTag`).
  canInitiate: false,
  replyWindowHours: MESSENGER_REPLY_WINDOW_HOURS,
  rateLimits: {
    // Meta publishes no fixed per-second figure for pages (the budget scales with engaged people); 40/s
    // stays well under what a page with a few thousand followers gets, and 613 answers slow us further.
    perAccount: { count: 40, perMs: 1000 },
    perChat: { count: 5, perMs: 1000 },
  },
};
