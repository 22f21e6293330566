/**
 * getMe, answerCallbackQuery, sendChatAction and the command list.
 */
import type { BotCommand } from 'grammy/types';
import { apiErrors } from '../api-error.js';
import type { MethodHandler } from './method-handler.js';

const chatActions = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document',
  'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);

function commandList(value: unknown): BotCommand[] {
  if (!Array.isArray(value)) throw apiErrors.badRequest("can't parse commands JSON object");
  if (value.length > 100) throw apiErrors.badRequest('too many commands');
  return value.map((entry: unknown) => {
    const { command, description } = (entry ?? {}) as Partial<BotCommand>;
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command)) throw apiErrors.badRequest('BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || description.trim() === '' || description.length > 256) {
      throw apiErrors.badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    return { command, description };
  });
}

/**
 * Handlers for bot-level methods.
 *
 * @example
 * await bot.api.answerCallbackQuery(query.id, { text: 'Iscritto!' });
 * t.same(fake.unansweredCallbackQueries(), []);
 */
export const botMethods: Record<string, MethodHandler> = {
  getMe: ({ state }) => state.botUser,

  answerCallbackQuery: ({ params, state }) => {
    const id = params.string('callback_query_id');
    const record = id === undefined ? undefined : state.callbackQueries.get(id);
    if (!record || record.answered) {
      throw apiErrors.badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    record.answered = true;
    const text = params.string('text');
    const url = params.string('url');
    record.answer = { ...(text ? { text } : {}), ...(params.bool('show_alert') ? { showAlert: true } : {}), ...(url ? { url } : {}) };
    return true;
  },

  sendChatAction: ({ params, state }) => {
    state.chats.resolveForSend(params.string('chat_id'));
    const action = params.string('action');
    if (action === undefined || !chatActions.has(action)) throw apiErrors.badRequest('wrong parameter action in request');
    return true;
  },

  setMyCommands: ({ params, state }) => {
    state.commands = commandList(params.object('commands'));
    return true;
  },

  getMyCommands: ({ state }) => state.commands,

  deleteMyCommands: ({ state }) => {
    state.commands = [];
    return true;
  },
};
