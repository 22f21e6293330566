import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Category } from './category.js';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/** Lifecycle of a notice. Only drafts and scheduled notices can still be edited or cancelled. */
export const NOTICE_STATUSES = ['draft', 'scheduled', 'sending', 'sent', 'cancelled'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export const NOTICE_PRIORITIES = ['normal', 'urgent'] as const;
export type NoticePriority = (typeof NOTICE_PRIORITIES)[number];
/** A notice's title and text in one more of the comune's languages. */
export interface NoticeTranslation {
  readonly title: string;
  readonly text: string;
}
/** Translations by locale ('de' → …); the notice's own `title`/`text` are in the comune's first language. */
export type NoticeTranslations = Readonly<Record<string, NoticeTranslation>>;

/**
 * A notice the comune sends to the subscribers of one category. The archive lists sent notices.
 *
 * @example
 * em.create(Notice, { tenant, category, title: 'Strada chiusa', text: '…', status: 'draft', priority: 'normal' });
 */
export const Notice = defineEntity({
  name: 'Notice',
  tableName: 'notice',
  filters: tenantScope,
  indexes: [{ properties: ['tenant', 'status', 'sentAt'] }, { properties: ['status', 'scheduledAt'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    category: p.manyToOne(Category).deleteRule('cascade'),
    title: p.string().length(200),
    text: p.text(),
    /** Title and text in the comune's other languages; each recipient gets their own (see `localizedNotice`). */
    translations: p.json<NoticeTranslations>().nullable(),
    /** Media store id (content hash) of the image, if any. */
    imageMediaId: p.string().length(128).nullable(),
    linkUrl: p.string().length(2000).nullable(),
    documentMediaId: p.string().length(128).nullable(),
    // Plain strings, not enums: MikroORM 6.6's SQLite diff misreads some enum checks (e.g. the status
    // list) and would rebuild the table on every migration. Values are checked by the notice service.
    priority: p.string().length(16).default('normal'),
    status: p.string().length(16).default('draft'),
    scheduledAt: p.datetime().nullable(),
    sentAt: p.datetime().nullable(),
    author: p.string().length(200).nullable(),
    /** Planning (recipient snapshot) progress: last channel identity id copied into the outbox. */
    planCursor: p.integer().nullable(),
    /** When the snapshot finished; null while planning (a crashed planner resumes at `planCursor`). */
    plannedAt: p.datetime().nullable(),
    /** Recipients snapshotted into the outbox (set when planning finishes). */
    recipients: p.integer().nullable(),
    /** Lease of the process starting (planning) this notice, as in the outbox: epoch ms. */
    lockedBy: p.string().length(64).nullable(),
    lockedAt: p.bigint('number').nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type Notice = InferEntity<typeof Notice>;
