/**
 * The Telegram channel adapter (grammY). Re-exports only.
 *
 * @example
 * import { TelegramAdapter } from './adapters/telegram/index.js';
 * const telegram = new TelegramAdapter({ tenant: 'esempio', token: process.env.TELEGRAM_BOT_TOKEN! });
 */
export { TelegramAdapter, type TelegramAdapterOptions } from './telegram-adapter.js';
export { telegramCapabilities } from './capabilities.js';
export { splitCaption } from './caption.js';
export { TelegramApi, type TelegramCall, type TelegramTransformer, type TelegramApiOptions } from './telegram-api.js';
export { fromTelegram, toTelegram, keyboardChoices, inlineKeyboard, locationKeyboard, updateEventId, chatRef, ALLOWED_UPDATES, MAX_DOWNLOAD_BYTES, type MappingContext, type OutboundContext, type TelegramRendering, type TelegramSend } from './mapping.js';
export { sendTelegram, attachmentRefusal, type TelegramSender } from './outbound.js';
export { toTelegramHtml, escapeHtml } from './html.js';
export { classifyTelegramError, isNotModified, isEditImpossible, isStaleFileId, type TelegramErrorVerdict } from './errors.js';
export { CallbackData, MAX_CALLBACK_BYTES } from './callback-data.js';
export { FileIdCache } from './file-id-cache.js';
export { TelegramPolling, pollingKeeper, type PollingKeeperOptions } from './polling.js';
export { webhookRoute, compareSecretToken, SECRET_HEADER } from './webhook.js';
export { deepLink, START_PAYLOAD } from './deep-link.js';
export { qrPng, qrSvg, qrPath } from './qr.js';
export { posterSvg, posterHtml, type PosterOptions } from './poster.js';
export { posterRoutes, type PosterBot } from './poster-routes.js';
export { retryAfter, type RetryAfterOptions } from './transformers/retry-after.js';
export { telegramMetrics, type MethodMetrics } from './transformers/metrics.js';
export { recordCalls, type RecordedCall } from './transformers/recorder.js';
export { telegramFromEnv } from './telegram-env.js';
export { telegramChannel } from './telegram-factory.js';
