/** Core entities, in dependency order. */
import { AdminSession } from './admin-session.js';
import { AdminUser } from './admin-user.js';
import { AudienceDay } from './audience-day.js';
import { AudienceEvent } from './audience-event.js';
import { AuditEntry } from './audit-entry.js';
import { Category } from './category.js';
import { ChannelAccount } from './channel-account.js';
import { ChannelIdentity } from './channel-identity.js';
import { ChannelRecipientWindow } from './channel-recipient-window.js';
import { ClusterLease } from './cluster-lease.js';
import { ConversationState } from './conversation-state.js';
import { Delivery } from './delivery.js';
import { LoginAttemptWindow } from './login-attempt-window.js';
import { MediaFile } from './media-file.js';
import { MessageLog } from './message-log.js';
import { ModuleStateEntry } from './module-state.js';
import { Notice } from './notice.js';
import { OutboxLane } from './outbox-lane.js';
import { OutboxWorker } from './outbox-worker.js';
import { Person } from './person.js';
import { ProcessedEvent } from './processed-event.js';
import { Subscription } from './subscription.js';
import { Tenant } from './tenant.js';

export {
  AdminSession, AdminUser, AudienceDay, AudienceEvent, AuditEntry, Category, ChannelAccount, ChannelIdentity, ChannelRecipientWindow, ClusterLease, ConversationState, Delivery, LoginAttemptWindow, MediaFile, MessageLog,
  ModuleStateEntry, Notice, OutboxLane, OutboxWorker, Person, ProcessedEvent, Subscription, Tenant,
};
export { AUDIENCE_EVENT_KINDS, type AudienceEventKind } from './audience-event.js';
export { DELIVERY_PRIORITY, DELIVERY_STATES, type DeliveryState } from './delivery.js';
export type { ConversationData } from './conversation-state.js';
export { NOTICE_STATUSES, NOTICE_PRIORITIES, type NoticeStatus, type NoticePriority, type NoticeTranslation, type NoticeTranslations } from './notice.js';
export type { TenantSettings } from './tenant.js';

export const coreEntities = [
  Tenant, Category, ChannelAccount, Person, ChannelIdentity, Subscription, ConversationState, MessageLog,
  ProcessedEvent, ModuleStateEntry, Notice, AdminUser, AdminSession, AuditEntry, Delivery, MediaFile, OutboxLane, OutboxWorker,
  ChannelRecipientWindow, LoginAttemptWindow, ClusterLease, AudienceEvent, AudienceDay,
];
