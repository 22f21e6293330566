/**
 * A fake Telegram Bot API server for tests and benchmarks. Re-exports only.
 *
 * @example
 * import { createFakeTelegram, textUpdate } from '../fakes/telegram/index.js';
 * const fake = await createFakeTelegram({ token: '123:ABC' });
 * fake.pushUpdate(textUpdate('ciao'));
 */
export { createFakeTelegram } from './fake-telegram.js';
export type { FakeTelegram, FakeTelegramStats, InjectedFailure } from './fake-telegram.js';
export type { FakeTelegramOptions, FakeLimits } from './fake-options.js';
export { telegramLimits } from './fake-options.js';
export { createManualClock, monotonicClock } from './clock.js';
export type { Clock, ManualClock } from './clock.js';
export { BotApiError, apiErrors } from './api-error.js';
export type { FakeEvent } from './fake-events.js';
export type { SentMessage } from './sent-message.js';
export type { ChatState } from './chat-registry.js';
export type { StoredFile, AddFileOptions } from './file-store.js';
export type { CallbackQueryRecord } from './bot-state.js';
export type { UpdateInput } from './update-queue.js';
export {
  callbackQueryUpdate,
  defaultBotUser,
  defaultCitizen,
  documentUpdate,
  locationUpdate,
  myChatMemberUpdate,
  photoUpdate,
  startUpdate,
  textUpdate,
  videoUpdate,
  voiceUpdate,
} from './update-builders.js';
export type { UpdateContext } from './update-builders.js';
