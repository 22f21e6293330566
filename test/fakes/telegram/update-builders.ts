/**
 * Builders for inbound updates shaped like the ones Telegram sends (field names, nesting, entities, several
 * photo sizes), so adapter code meets realistic payloads. Each returns an update without `update_id`:
 * `fake.pushUpdate` assigns it.
 */
import type { CallbackQuery, Chat, Message, Update, User } from 'grammy/types';
import { newFileIds } from './file-ids.js';
import type { UpdateInput } from './update-queue.js';

/** Who sends and where: defaults to Maria Rossi writing to the bot in a private chat. */
export interface UpdateContext {
  /** The sender; merged over the default citizen. */
  from?: Partial<User>;
  /** The chat; defaults to the private chat with `from`. */
  chat?: Chat;
  /** Unix seconds; defaults to now. */
  date?: number;
  messageId?: number;
}

/** The default citizen of the builders. */
export const defaultCitizen: User = {
  id: 1000001,
  is_bot: false,
  first_name: 'Maria',
  last_name: 'Rossi',
  username: 'maria_rossi',
  language_code: 'it',
};

/** The default bot user (what `getMe` returns unless the fake is configured otherwise). */
export const defaultBotUser: User = {
  id: 7000000001,
  is_bot: true,
  first_name: 'Comune di Campanile',
  username: 'campanile_test_bot',
};

/** A message as it arrives from a person (never a channel post). */
type InboundMessage = NonNullable<Update['message']>;

let messageCounter = 1;

function base(context: UpdateContext): Pick<Message, 'message_id' | 'from' | 'chat' | 'date'> {
  const from: User = { ...defaultCitizen, ...context.from };
  const chat: Chat =
    context.chat ??
    ({
      id: from.id,
      type: 'private',
      first_name: from.first_name,
      ...(from.last_name ? { last_name: from.last_name } : {}),
      ...(from.username ? { username: from.username } : {}),
    } as Chat);
  return { message_id: context.messageId ?? messageCounter++, from, chat, date: context.date ?? Math.floor(Date.now() / 1000) };
}

/**
 * A text message; a leading `/command` gets its `bot_command` entity like Telegram adds.
 *
 * @example
 * fake.pushUpdate(textUpdate('Quando passa la raccolta?'));
 * fake.pushUpdate(textUpdate('/categorie', { from: { id: 55 } }));
 */
export function textUpdate(text: string, context: UpdateContext = {}): UpdateInput {
  const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
  return {
    message: {
      ...base(context),
      text,
      ...(command ? { entities: [{ offset: 0, length: command[0].length, type: 'bot_command' }] } : {}),
    } as InboundMessage,
  };
}

/**
 * `/start` as sent when a citizen opens a deep link `t.me/<bot>?start=<payload>` (QR code on a notice board).
 *
 * @example
 * fake.pushUpdate(startUpdate('qr_bacheca_piazza'));
 * // message.text === '/start qr_bacheca_piazza'
 */
export function startUpdate(payload?: string, context: UpdateContext = {}): UpdateInput {
  return textUpdate(payload ? `/start ${payload}` : '/start', context);
}

/**
 * A button press on an inline keyboard the bot sent; `message` is that bot message.
 *
 * @example
 * const update = callbackQueryUpdate('cat:eventi', { message: fake.sentMessages[0]!.message });
 * fake.pushUpdate(update);
 * // later: t.same(fake.unansweredCallbackQueries(), [])
 */
export function callbackQueryUpdate(data: string, context: UpdateContext & { message?: Message; id?: string } = {}): UpdateInput {
  const from: User = { ...defaultCitizen, ...context.from };
  const message =
    context.message ??
    ({ ...base({ ...context, from: defaultBotUser, chat: context.chat ?? privateChat(from) }), text: 'Scegli una categoria' } as Message);
  const query: CallbackQuery = {
    id: context.id ?? `${BigInt(from.id) * 4294967296n + BigInt(messageCounter++)}`,
    from,
    message,
    chat_instance: `${-(from.id * 7919 + 17)}`,
    data,
  };
  return { callback_query: query };
}

/**
 * A shared position (a citizen locating a pothole).
 *
 * @example
 * fake.pushUpdate(locationUpdate(46.0664, 11.1257));
 */
export function locationUpdate(latitude: number, longitude: number, context: UpdateContext = {}): UpdateInput {
  return { message: { ...base(context), location: { latitude, longitude } } as InboundMessage };
}

/**
 * A photo: Telegram delivers several sizes of the same picture, smallest first, with distinct file ids.
 *
 * @example
 * const update = fake.pushUpdate(photoUpdate({ caption: 'Lampione rotto' }));
 * const largest = update.message!.photo!.at(-1)!; // getFile works on it
 */
export function photoUpdate(context: UpdateContext & { caption?: string; bytes?: number } = {}): UpdateInput {
  const bytes = context.bytes ?? 180_000;
  const photo = [
    [90, 67],
    [320, 240],
    [800, 600],
    [1280, 960],
  ].map(([width, height]) => ({
    ...newFileIds('photo'),
    width: width!,
    height: height!,
    file_size: Math.max(1, Math.round((bytes * width! * width!) / (1280 * 1280))),
  }));
  return { message: { ...base(context), photo, ...(context.caption ? { caption: context.caption } : {}) } as InboundMessage };
}

/**
 * A video with its thumbnail.
 *
 * @example
 * fake.pushUpdate(videoUpdate({ duration: 12 }));
 */
export function videoUpdate(context: UpdateContext & { duration?: number; bytes?: number; caption?: string } = {}): UpdateInput {
  const video = {
    duration: context.duration ?? 8,
    width: 1280,
    height: 720,
    file_name: 'VID_20260315_101500.mp4',
    mime_type: 'video/mp4',
    thumbnail: { ...newFileIds('photo'), width: 320, height: 180, file_size: 9_000 },
    ...newFileIds('video'),
    file_size: context.bytes ?? 2_400_000,
  };
  return { message: { ...base(context), video, ...(context.caption ? { caption: context.caption } : {}) } as InboundMessage };
}

/**
 * A voice note (OGG/Opus, as phones record them).
 *
 * @example
 * fake.pushUpdate(voiceUpdate({ duration: 4 }));
 */
export function voiceUpdate(context: UpdateContext & { duration?: number; bytes?: number } = {}): UpdateInput {
  const voice = { duration: context.duration ?? 3, mime_type: 'audio/ogg', ...newFileIds('voice'), file_size: context.bytes ?? 14_000 };
  return { message: { ...base(context), voice } as InboundMessage };
}

/**
 * A document (a PDF, a spreadsheet…).
 *
 * @example
 * fake.pushUpdate(documentUpdate({ fileName: 'verbale.pdf', bytes: 25 * 1024 * 1024 })); // too big for getFile
 */
export function documentUpdate(
  context: UpdateContext & { fileName?: string; mimeType?: string; bytes?: number; caption?: string } = {},
): UpdateInput {
  const document = {
    file_name: context.fileName ?? 'documento.pdf',
    mime_type: context.mimeType ?? 'application/pdf',
    ...newFileIds('document'),
    file_size: context.bytes ?? 85_000,
  };
  return { message: { ...base(context), document, ...(context.caption ? { caption: context.caption } : {}) } as InboundMessage };
}

/**
 * The bot's own membership changed: `kicked` when a citizen blocks it, `member` when they restart it.
 *
 * @example
 * fake.pushUpdate(myChatMemberUpdate('kicked')); // the adapter should classify: bot blocked
 */
export function myChatMemberUpdate(status: 'kicked' | 'member', context: UpdateContext & { bot?: User } = {}): UpdateInput {
  const { from, chat, date } = base(context);
  const bot = context.bot ?? defaultBotUser;
  const previous = status === 'kicked' ? 'member' : 'kicked';
  const member = (s: 'kicked' | 'member') => (s === 'kicked' ? { user: bot, status: 'kicked' as const, until_date: 0 } : { user: bot, status: 'member' as const });
  return {
    my_chat_member: { chat, from: from!, date, old_chat_member: member(previous), new_chat_member: member(status) },
  };
}

function privateChat(user: User): Chat {
  return { id: user.id, type: 'private', first_name: user.first_name, ...(user.username ? { username: user.username } : {}) } as Chat;
}
