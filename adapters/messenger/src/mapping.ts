// The pure translation between Messenger's payloads and Campanile's normalized messages.
export { fromMessenger, type MessengerInboundContext, type MsAttachment, type MsMessaging, type MsReferral, type MsWebhook } from './mapping-inbound.js';
export { attachmentMessage, toMessenger, type MessengerPart, type MsMessage } from './mapping-outbound.js';
