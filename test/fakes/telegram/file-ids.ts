/**
 * Identifiers shaped like Telegram's: `file_id` starts with a per-kind prefix (`AgAC` photos, `BQAC` documents,
 * …) followed by base64url, `file_unique_id` is short and stable. Shared by the file store and the update
 * builders, so ids in pushed updates look like the ids the fake returns.
 */
import { randomBytes } from 'node:crypto';

/** The kinds of file the fake stores. */
export type FileKind = 'photo' | 'document' | 'video' | 'voice' | 'audio' | 'animation' | 'video_note' | 'sticker';

const prefixes: Record<FileKind, string> = {
  photo: 'AgACAgQAAxkBAAI',
  document: 'BQACAgQAAxkBAAI',
  video: 'BAACAgQAAxkBAAI',
  voice: 'AwACAgQAAxkBAAI',
  audio: 'CQACAgQAAxkBAAI',
  animation: 'CgACAgQAAxkBAAI',
  video_note: 'DQACAgQAAxkBAAI',
  sticker: 'CAACAgQAAxkBAAI',
};

/**
 * A new `file_id` / `file_unique_id` pair for `kind`.
 *
 * @example
 * const { file_id, file_unique_id } = newFileIds('photo');
 * file_id.startsWith('AgAC'); // true
 */
export function newFileIds(kind: FileKind): { file_id: string; file_unique_id: string } {
  return {
    file_id: prefixes[kind] + randomBytes(36).toString('base64url'),
    file_unique_id: (kind === 'photo' ? 'AQAD' : 'AgAD') + randomBytes(9).toString('base64url'),
  };
}
