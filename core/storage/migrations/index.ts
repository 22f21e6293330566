import type { MigrationObject } from '@mikro-orm/core';
import coreInit from './20261126050245-core-init.js';
import coreAdminApi from './20261126050717-core-admin-api.js';
import notificationOutbox from './20261126050607-core-notification-outbox.js';
import deliveryReceipts from './20261126055439-core-delivery-receipts.js';
import deliveryNoTenantFk from './20261126062951-core-delivery-no-tenant-fk.js';
import recipientWindow from './20261126075119-core-recipient-window.js';
import mediaFileSender from './20261126075902-core-media-file-sender.js';
import loginAttemptWindow from './20261126083648-core-login-attempt-window.js';
import clusterLease from './20261126104839-core-cluster-lease.js';
import messageLogRetentionIndex from './20261126104926-core-message-log-retention-index.js';
import oneOutboundPath from './20261202221809-core-one-outbound-path.js';
import noticeTranslations from './20261204195704-core-notice-translations.js';
import audience from './20261206213856-core-audience.js';

/** Core's migrations, applied in name order; `npm run migration:create -- --owner core --name …` adds files here. */
export const coreMigrations: MigrationObject[] = [coreInit, notificationOutbox, coreAdminApi, deliveryReceipts, deliveryNoTenantFk, recipientWindow, mediaFileSender, loginAttemptWindow, clusterLease, messageLogRetentionIndex, oneOutboundPath, noticeTranslations, audience];
