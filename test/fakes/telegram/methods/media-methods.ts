/**
 * sendPhoto, sendDocument and getFile: uploads vs file_id reuse, caption limit, the 20 MB download limit.
 */
import { apiErrors } from '../api-error.js';
import { plainText } from '../formatted-text.js';
import type { Params } from '../params.js';
import { validateReplyMarkup } from '../reply-markup.js';
import type { MethodCall, MethodHandler } from './method-handler.js';

/** Telegram's caption limit, after entity parsing. */
export const maxCaptionLength = 1024;

function caption(params: Params): { caption?: string; parseMode?: string } {
  const raw = params.string('caption');
  if (raw === undefined || raw === '') return {};
  const parseMode = params.string('parse_mode');
  const text = plainText(raw, parseMode);
  if (text.length > maxCaptionLength) throw apiErrors.badRequest('message caption is too long');
  return { caption: text, ...(parseMode ? { parseMode } : {}) };
}

function sendMedia(field: 'photo' | 'document', method: string) {
  return ({ params, state }: MethodCall) => {
    const { chat } = state.chats.resolveForSend(params.string('chat_id'));
    const text = caption(params);
    const replyMarkup = validateReplyMarkup(params.object('reply_markup'));
    const input = state.files.checkInput(params, field);
    state.admitMessage(chat);
    const { file, source } = state.files.commitInput(input);
    const media =
      field === 'photo' ? { photo: state.files.photoSizes(file) } : { document: state.files.document(file) };
    const fileIds = field === 'photo' ? media.photo!.map((size) => size.file_id) : [file.fileId];
    return state.storeMessage(method, chat, { ...text, ...(replyMarkup ? { replyMarkup } : {}), media, fileIds, fileSource: source });
  };
}

/**
 * Handlers for media methods.
 *
 * @example
 * await bot.api.sendPhoto(42, new InputFile(buffer, 'avviso.jpg')); // counted as an upload
 * await bot.api.sendPhoto(42, fileId); // counted as a file_id reuse
 */
export const mediaMethods: Record<string, MethodHandler> = {
  sendPhoto: sendMedia('photo', 'sendPhoto'),
  sendDocument: sendMedia('document', 'sendDocument'),
  getFile: ({ params, state }) => {
    const file = state.files.prepareDownload(params.string('file_id'));
    return { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.size, file_path: file.filePath };
  },
};
