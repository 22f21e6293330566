import type { Activity, Attachment, CardAction } from 'botbuilder';
import {
  choicesFit, numberedChoices, parseCommandText, splitText, toPlainText, joinText, plain,
  type ChannelCapabilities, type ConversationRef, type InboundEvent, type InboundMedia, type MediaKind, type OutboundMessage,
} from '../../core/index.js';

/**
 * Pure translation between Bot Framework Activities and Campanile's normalized messages: no I/O, no
 * SDK calls (only the SDK's `Activity` type), so the tests read it directly.
 */

/** An Activity as the Bot Connector posts it (every field optional: channels send what they have). */
export type BotFrameworkActivity = Partial<Activity> & { readonly type?: string };

/** Where a conversation lives, kept in the adapter's storage so notices can go out days later. */
export interface BotFrameworkReference {
  readonly serviceUrl: string;
  readonly conversationId: string;
  readonly channelId: string;
  readonly botId: string;
  readonly userId: string;
  readonly tenantId?: string;
}

/** What `fromBotFramework` needs besides the Activity. */
export interface BotFrameworkWhere {
  readonly tenant: string;
  readonly account: string;
  /** Downloads a file the person sent (the adapter's: with the bot's token where the connector wants it). */
  readonly download?: (file: BotFrameworkFile, signal?: AbortSignal) => Promise<Uint8Array>;
}

/** A file attached to an inbound Activity, before it is downloaded. */
export interface BotFrameworkFile {
  readonly url: string;
  readonly kind: MediaKind;
  readonly mimeType: string;
  readonly fileName?: string;
  /**
   * The URL is the connector's own (Teams' inline images under the conversation's `serviceUrl`): it
   * wants the bot's bearer token. Other URLs (Teams' pre-signed file links, Web Chat's blobs) get none.
   */
  readonly needsToken: boolean;
}

/** Teams' file card: `content.downloadUrl` is a pre-signed link, valid for a short time. */
const TEAMS_FILE = 'application/vnd.microsoft.teams.file.download.info';
/** Extensions Teams gives in `content.fileType`, as MIME types (anything else is a document of unknown type). */
const FILE_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
  mp4: 'video/mp4', mov: 'video/quicktime', mp3: 'audio/mpeg', m4a: 'audio/mp4', wav: 'audio/wav', ogg: 'audio/ogg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', txt: 'text/plain',
};

/**
 * The files of an Activity: attachments with a `contentUrl` and a media type, and Teams' file cards.
 * Cards, Teams' `text/html` copy of the message and anything without a URL are not files.
 *
 * @example
 * inboundFiles({ serviceUrl: 'https://smba.trafficmanager.net/emea/', attachments: [{ contentType: 'image/png', contentUrl: 'https://smba.trafficmanager.net/emea/v3/attachments/1/views/original' }] });
 * // [{ kind: 'photo', mimeType: 'image/png', needsToken: true, url: … }]
 */
export function inboundFiles(activity: BotFrameworkActivity): BotFrameworkFile[] {
  const files: BotFrameworkFile[] = [];
  for (const attachment of activity.attachments ?? []) {
    const name = attachment.name ? { fileName: attachment.name } : {};
    if (attachment.contentType === TEAMS_FILE) {
      const content = attachment.content as { downloadUrl?: unknown; fileType?: unknown } | undefined;
      if (typeof content?.downloadUrl !== 'string') continue;
      const mimeType = FILE_TYPES[String(content.fileType ?? '').toLowerCase()] ?? 'application/octet-stream';
      files.push({ url: content.downloadUrl, kind: mediaKindOf(mimeType), mimeType, needsToken: false, ...name });
      continue;
    }
    const type = attachment.contentType?.toLowerCase() ?? '';
    if (!attachment.contentUrl || !/^(image|video|audio|application|text)\//.test(type) || type === 'text/html' || type.startsWith('application/vnd.microsoft.card.')) continue;
    files.push({ url: attachment.contentUrl, kind: mediaKindOf(type), mimeType: type, needsToken: sameOrigin(attachment.contentUrl, activity.serviceUrl), ...name });
  }
  return files;
}

function mediaKindOf(mimeType: string): MediaKind {
  if (mimeType.startsWith('image/')) return 'photo';
  if (mimeType.startsWith('video/')) return 'video';
  if (mimeType.startsWith('audio/')) return 'audio';
  return 'document';
}

function sameOrigin(url: string, serviceUrl: string | undefined): boolean {
  if (!serviceUrl) return false;
  try {
    return new URL(url).origin === new URL(serviceUrl).origin;
  } catch {
    return false;
  }
}

/** What the channel is given for one outbound Activity (the adapter adds from/recipient/conversation). */
export interface BotFrameworkOutbound {
  readonly type: 'message';
  readonly text?: string;
  readonly textFormat: 'plain';
  readonly attachments?: Attachment[];
  /** `list` when there are several hero cards: stacked, so they read as one list of buttons. */
  readonly attachmentLayout?: 'list';
}

/** The content type of a hero card: the buttons of a choice message stay in the transcript (unlike suggested actions). */
export const HERO_CARD = 'application/vnd.microsoft.card.hero';

/** Teams shows at most 6 buttons on a hero card; more choices go on further cards, stacked as a list. */
export const HERO_CARD_BUTTONS = 6;

/**
 * The reference of the conversation an Activity came from, or undefined when it lacks the ids a reply needs.
 *
 * @example
 * const reference = referenceOf(activity); // { serviceUrl, conversationId, botId, userId, channelId }
 * await storage.write(`ref:${reference.conversationId}`, reference);
 */
export function referenceOf(activity: BotFrameworkActivity): BotFrameworkReference | undefined {
  const { serviceUrl, conversation, recipient, from, channelId } = activity;
  if (!serviceUrl || !conversation?.id || !recipient?.id || !from?.id || !channelId) return undefined;
  const tenantId = conversation.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return { serviceUrl, conversationId: conversation.id, channelId, botId: recipient.id, userId: from.id, ...(tenantId ? { tenantId } : {}) };
}

/**
 * One Activity → normalized events. `message` → text, command (`/start`) or, for a card action
 * (`value.payload`, a string `value`, or Web Chat's `channelData.postBack`), a button press.
 * `conversationUpdate` with the person among `membersAdded` → a `start` command, because Campanile greets
 * on /start and Teams/Web Chat say nothing before the person is greeted; the bot itself among
 * `membersRemoved`, or `installationUpdate` remove/add → recipient blocked/unblocked. Everything else
 * (typing, reactions, invokes…) → nothing: it needs no answer and no state.
 *
 * @example
 * fromBotFramework({ type: 'message', id: 'a1', text: 'ciao', … }, { tenant: 'esempio', account: 'default' });
 * // [{ type: 'message', kind: 'text', text: 'ciao', ref: { chatId: <conversation id>, … } }]
 */
export function fromBotFramework(activity: BotFrameworkActivity, where: BotFrameworkWhere): InboundEvent[] {
  const reference = referenceOf(activity);
  if (!reference) return [];
  const ref: ConversationRef = {
    tenant: where.tenant, channel: 'botframework', account: where.account, chatId: reference.conversationId,
    extra: { serviceUrl: reference.serviceUrl, channelId: reference.channelId, botId: reference.botId, userId: reference.userId },
  };
  const from = { id: reference.userId, ...(activity.from?.name ? { displayName: activity.from.name } : {}), ...(activity.locale ? { locale: activity.locale } : {}) };
  const receivedAt = activity.timestamp ? new Date(activity.timestamp) : new Date();
  const base = { type: 'message' as const, ref, from, receivedAt: Number.isNaN(receivedAt.getTime()) ? new Date() : receivedAt, raw: activity };
  const id = activity.id ?? '';

  switch (activity.type) {
    case 'message': {
      if (!id) return [];
      const payload = buttonPayload(activity);
      if (payload !== undefined) return [{ ...base, id, kind: 'button', payload, ...(activity.replyToId ? { messageId: activity.replyToId } : {}) }];
      const text = withoutBotMention(activity, reference.botId);
      const files = inboundFiles(activity);
      // One event per file (the first carries the text as its caption), as the other channels do.
      if (files.length > 0) return files.map((file, index) => ({ ...base, id: index === 0 ? id : `${id}:${index}`, kind: 'media' as const, media: inboundMedia(file, where), ...(index === 0 && text ? { caption: text } : {}) }));
      if (!text) return [{ ...base, id, kind: 'unsupported', what: activity.attachments?.length ? 'attachment' : 'empty message' }];
      const command = parseCommandText(text);
      return [command ? { ...base, id, kind: 'command', ...command } : { ...base, id, kind: 'text', text }];
    }
    case 'conversationUpdate': {
      const person = (activity.membersAdded ?? []).find((member) => member.id !== reference.botId);
      // A stable id (no activity id on some channels): the channel retrying the same update greets once.
      if (person) return [{ ...base, id: `added:${reference.conversationId}:${person.id}`, from: { ...from, id: person.id }, kind: 'command', command: 'start', argument: '' }];
      if ((activity.membersRemoved ?? []).some((member) => member.id === reference.botId)) {
        return [{ type: 'event', kind: 'recipient-blocked', id: id || `removed:${reference.conversationId}:${receivedAt.getTime()}`, ref, raw: activity }];
      }
      return [];
    }
    case 'installationUpdate': {
      const kind = activity.action === 'remove' ? 'recipient-blocked' : activity.action === 'add' ? 'recipient-unblocked' : undefined;
      return kind ? [{ type: 'event', kind, id: id || `${activity.action}:${reference.conversationId}:${receivedAt.getTime()}`, ref, raw: activity }] : [];
    }
    default:
      return [];
  }
}

/** The lazy download of one file (the adapter starts its copy at once: the links expire). */
function inboundMedia(file: BotFrameworkFile, where: BotFrameworkWhere): InboundMedia {
  return {
    kind: file.kind, mimeType: file.mimeType, ...(file.fileName ? { fileName: file.fileName } : {}),
    fetch: (signal?: AbortSignal) => (where.download ? where.download(file, signal) : Promise.reject(new Error('botframework: no downloader for inbound files'))),
  };
}

/**
 * One normalized message → the Activities to post, within the channel's limits: text split at
 * `maxTextLength`; choices as hero card buttons (`messageBack` with `value.payload`, 6 per card, cards
 * stacked as a list) when they fit the declared `maxChoiceButtons`/`maxButtonLabel`, else core's
 * numbered list; links written into the
 * text; an image or document as an attachment (`content` is filled in by the adapter after the size check).
 *
 * @example
 * toBotFramework({ text: plain('Scegli'), choices: [{ label: 'Sì', payload: 'x:yes' }] }, capabilities, hint);
 * // [{ type: 'message', text: 'Scegli', attachments: [{ contentType: HERO_CARD, content: { buttons: [...] } }] }]
 */
export function toBotFramework(message: OutboundMessage, capabilities: ChannelCapabilities, numberedHint: string, media?: { readonly contentUrl: string }): BotFrameworkOutbound[] {
  const choices = message.choices ?? [];
  const fits = choicesFit(capabilities, choices.map((c) => ({ ...c, label: choiceLabel(c) })));
  let text = message.text ?? [];
  if (message.attachment?.caption) text = joinText([message.attachment.caption, text]);
  if (message.links?.length) text = joinText([text, plain(message.links.map((l) => `${l.label}: ${l.url}`).join('\n'))]);
  if (choices.length && !fits) text = numberedChoices(text, choices, numberedHint);
  const parts = splitText(text, capabilities.maxTextLength).map(toPlainText).filter((part) => part.length > 0);
  const out: BotFrameworkOutbound[] = parts.map((part) => ({ type: 'message', text: part, textFormat: 'plain' }));
  const extra: Attachment[] = [];
  if (message.attachment && media) {
    extra.push({ contentType: message.attachment.media.mimeType, contentUrl: media.contentUrl, name: message.attachment.media.fileName });
  }
  if (choices.length && fits) {
    const buttons: CardAction[] = choices.map((c) => ({ type: 'messageBack', title: choiceLabel(c), displayText: c.label, text: c.payload, value: { payload: c.payload } }));
    for (let i = 0; i < buttons.length; i += HERO_CARD_BUTTONS) extra.push({ contentType: HERO_CARD, content: { buttons: buttons.slice(i, i + HERO_CARD_BUTTONS) } });
  }
  if (extra.length === 0) return out;
  // The attachments ride on the last text part, so the buttons sit under the question they answer.
  const last = out.pop();
  out.push({ type: 'message', textFormat: 'plain', ...(last?.text ? { text: last.text } : {}), attachments: extra, ...(extra.length > 1 ? { attachmentLayout: 'list' as const } : {}) });
  return out;
}

/**
 * The text without the @mention of the bot that Teams puts in group chats and channels
 * (`<at>Campanile</at> /start`), as the SDK's `removeRecipientMention` does.
 */
function withoutBotMention(activity: BotFrameworkActivity, botId: string): string {
  let text = activity.text ?? '';
  for (const entity of activity.entities ?? []) {
    const mention = entity as { type?: string; mentioned?: { id?: string }; text?: string };
    if (mention.type === 'mention' && mention.mentioned?.id === botId && mention.text) text = text.split(mention.text).join('');
  }
  return text.trim();
}

/** The payload of a card action press, when the Activity is one. */
function buttonPayload(activity: BotFrameworkActivity): string | undefined {
  const value = activity.value as unknown;
  if (typeof value === 'string' && value.length > 0) return value;
  if (value && typeof value === 'object' && typeof (value as { payload?: unknown }).payload === 'string') return (value as { payload: string }).payload;
  const postBack = (activity.channelData as { postBack?: unknown } | undefined)?.postBack === true;
  return postBack && activity.text ? activity.text : undefined;
}

function choiceLabel(choice: { label: string; selected?: boolean }): string {
  return `${choice.selected ? '✅ ' : ''}${choice.label}`;
}
