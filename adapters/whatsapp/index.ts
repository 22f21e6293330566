export { WhatsAppAdapter, whatsAppCapabilities, recipientOf, WHATSAPP_REPLY_WINDOW_HOURS, type WhatsAppAdapterOptions } from './whatsapp-adapter.js';
export { WhatsAppApi, DEFAULT_API_ROOT, type WhatsAppApiOptions, type GraphCall, type GraphResult, type MediaInfo } from './whatsapp-api.js';
export { fromWhatsApp, toWhatsApp, toWhatsAppText, templateBody, mediaBody, identityOf, WHATSAPP_LIMITS, DEFAULT_RENDER_TEXTS, type RenderTexts, type OutboundPart, type WaWebhook, type WaMessage, type WaStatus, type WaContact } from './mapping.js';
export { WhatsAppApiError, WhatsAppNetworkError, deliveryResultOf, failureReason, WHATSAPP_ERROR, RETRY_AFTER_MS } from './errors.js';
export { RecipientBudget, type RecipientBudgetOptions } from './recipient-budget.js';
export { MediaIdCache } from './media-cache.js';
export { verifySignature, signBody, sameSecret } from './webhook-signature.js';
export { whatsAppFromEnv } from './whatsapp-env.js';
export { whatsAppChannel } from './whatsapp-factory.js';
