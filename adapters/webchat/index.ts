export { WebchatAdapter, type WebchatAdapterOptions } from './webchat-adapter.js';
export { MAX_FRAME_BYTES, type HistoryEntry, type ServerFrame, type WebchatErrorCode, type WebchatLimits } from './protocol.js';
export { SessionTokens, webchatSecret } from './session-token.js';
export { WebchatMessage } from './webchat-message.js';
export { toWebchat, fromWebchat, parseFrame, FrameError, type ClientFrame, type RenderedMessage, type RenderedSpan, type RenderedMedia } from './mapping.js';
export { webchatChannel } from './webchat-factory.js';
