// `campanile`: the authors' surface — what an adapter or a feature module published as its own npm
// package imports. Kept to about 60 names (test/core/architecture.test.ts counts them); everything else
// (the engine, the outbox, storage internals) is in ./internal.ts for the composition root and tests.

// --- adapters: the contract, the factory, the runtime ---------------------------------------------
export type { ChannelAdapter, AdapterRuntime, AdapterLogger, AdapterStopReason } from './channel/channel-adapter.js';
export type { AdapterPersistence } from './channel/adapter-persistence.js';
export type { AdapterMedia, StoredMediaCopy } from './media/inbound-media-keeper.js';
export { defineChannel, type ChannelFactory } from './channel/channel-factory.js';
// TypeBox, for a factory's `accountSchema`: an external package needs no dependency of its own for it.
export { Type } from '@sinclair/typebox';
export type { ChannelCapabilities } from './channel/capabilities.js';
export { memoryStorage, type StateStorage } from './storage/state-storage.js';
export { memoryRecipientQuota } from './channel/recipient-quota.js';
export { LeaseKeeper } from './cluster/lease-keeper.js';

// --- messages in and out, and what became of a send ------------------------------------------------
export type { ConversationRef } from './channel/conversation-ref.js';
export type { InboundEvent, InboundMessage, ChannelEvent, MediaInbound, InboundMedia, MediaKind, Sender } from './channel/inbound.js';
export type { OutboundMessage, ChoiceButton, LinkButton, OutboundAttachment, MediaSource, TemplateRef } from './channel/outbound.js';
export { delivery, type DeliveryResult } from './channel/delivery-result.js';
export { replyWindowOpen, type SendContext, type ChannelTexts } from './channel/send-context.js';
export { defaultChannelTexts } from './i18n/channel-texts.js';

// --- webhooks and sockets ---------------------------------------------------------------------------
export type { HttpRoute, HttpRequest, HttpReceipt, SocketRoute } from './channel/http-route.js';

// --- text and the fallbacks for what a channel lacks -----------------------------------------------
export { plain, markup, joinText, toPlainText, textLength, type FormattedText, type TextSpan } from './channel/formatted-text.js';
export { splitText, numberedChoices, choicesFit, truncateLabel } from './channel/fallbacks.js';
export { parseCommandText } from './channel/command-text.js';
export { chain, type Transformer } from './channel/transformer.js';

// --- feature modules ----------------------------------------------------------------------------------
export type { FeatureModule, ModuleApi } from './module/feature-module.js';
export { TurnContext } from './engine/turn-context.js';
export { defineAdminRoute, type AdminRoute } from './module/admin-route.js';
export type { DialogDefinition } from './module/dialog.js';

// --- tables of one's own (adapters and modules that keep data) -----------------------------------
export type { TenantInfo } from './tenancy/tenant-info.js';
export { Tenant } from './storage/entities/tenant.js';
export { ChannelIdentity } from './storage/entities/channel-identity.js';
export { tenantScope } from './storage/entities/tenant-scope.js';
export { dialectMigration } from './storage/dialect-migration.js';
export type { RetentionStep } from './retention/retention-step.js';
export { deleteInBatches } from './retention/delete-in-batches.js';
