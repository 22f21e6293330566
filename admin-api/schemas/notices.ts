import { Type, type Static } from '@sinclair/typebox';
import { NOTICE_LIMITS } from '../../core/internal.js';
import { DateTime } from './common.js';

/** Where a notice is in its life: only drafts and scheduled notices can still be edited or cancelled. */
export const NoticeStatus = Type.Union(['draft', 'scheduled', 'sending', 'sent', 'cancelled'].map((s) => Type.Literal(s)));
export const NoticePriority = Type.Union([Type.Literal('normal'), Type.Literal('urgent')], { description: 'Urgent notices overtake normal ones in every lane' });

/** A media id as returned by POST /media: the sha256 (hex) of the file. */
export const MediaId = Type.String({ pattern: '^[0-9a-f]{1,64}$', maxLength: 64, description: 'Id returned by POST /tenants/{tenant}/media (sha256 of the bytes)' });
// Null first: with type coercion on, ajv would turn null into "" for a string branch tried before it.
const NullableMediaId = Type.Union([Type.Null(), MediaId]);

const TranslationLocale = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$';

/** Title and text in one more language of the comune. */
export const NoticeTranslation = Type.Object({
  title: Type.String({ minLength: 1, maxLength: NOTICE_LIMITS.title, examples: ['Straße wegen Bauarbeiten gesperrt'] }),
  text: Type.String({ minLength: 1, maxLength: NOTICE_LIMITS.text, examples: ['Die Romstraße ist von 8 bis 18 Uhr gesperrt.'] }),
}, { additionalProperties: false });

/** Translations by language code; only the comune's languages after its first (GET /auth/me) are accepted. */
export const NoticeTranslations = Type.Record(Type.String({ pattern: TranslationLocale }), NoticeTranslation, {
  description: 'Title and text per additional comune language (e.g. {"de": {…}}); each person gets their own language, the first language when missing',
});

/**
 * A notice as the API shows it. Times are UTC instants; `scheduledAt` was entered in the comune's
 * timezone (see GET /auth/me `timeZone`).
 */
export const Notice = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  text: Type.String(),
  translations: NoticeTranslations,
  categoryId: Type.Integer(),
  imageMediaId: Type.Union([Type.String(), Type.Null()]),
  documentMediaId: Type.Union([Type.String(), Type.Null()]),
  linkUrl: Type.Union([Type.String(), Type.Null()]),
  priority: NoticePriority,
  status: NoticeStatus,
  scheduledAt: Type.Union([DateTime, Type.Null()]),
  sentAt: Type.Union([DateTime, Type.Null()], { description: 'When sending started' }),
  author: Type.Union([Type.String(), Type.Null()], { description: 'E-mail of the admin user who wrote it' }),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Notice = Static<typeof Notice>;

const Title = Type.String({ minLength: 1, maxLength: NOTICE_LIMITS.title, examples: ['Strada chiusa per lavori'] });
const Text = Type.String({ minLength: 1, maxLength: NOTICE_LIMITS.text, examples: ['Via Roma è chiusa dalle 8 alle 18.'] });
const LinkUrl = Type.Union([Type.Null(), Type.String({ maxLength: NOTICE_LIMITS.linkUrl })], { description: 'http(s) address shown as a link button; null removes it' });

export const NoticeCreate = Type.Object({
  title: Title,
  text: Text,
  translations: Type.Optional(NoticeTranslations),
  categoryId: Type.Integer({ minimum: 1, description: 'One of the comune\'s active categories' }),
  imageMediaId: Type.Optional(NullableMediaId),
  documentMediaId: Type.Optional(NullableMediaId),
  linkUrl: Type.Optional(LinkUrl),
  priority: Type.Optional(NoticePriority),
}, { additionalProperties: false });
export type NoticeCreate = Static<typeof NoticeCreate>;

/** Changes to a draft or scheduled notice: absent fields stay, `null` removes the image, PDF or link. */
export const NoticeUpdate = Type.Object({
  title: Type.Optional(Title),
  text: Type.Optional(Text),
  translations: Type.Optional(Type.Union([Type.Null(), NoticeTranslations], { description: 'Replaces all translations; null or {} removes them' })),
  categoryId: Type.Optional(Type.Integer({ minimum: 1 })),
  imageMediaId: Type.Optional(NullableMediaId),
  documentMediaId: Type.Optional(NullableMediaId),
  linkUrl: Type.Optional(LinkUrl),
  priority: Type.Optional(NoticePriority),
}, { additionalProperties: false });
export type NoticeUpdate = Static<typeof NoticeUpdate>;

export const NoticeSchedule = Type.Object({
  scheduledAt: Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?$', maxLength: 19,
    description: 'Wall-clock date and time in the comune\'s timezone (GET /auth/me → timeZone), YYYY-MM-DDTHH:mm',
    examples: ['2035-12-24T08:30'],
  }),
}, { additionalProperties: false });
export type NoticeSchedule = Static<typeof NoticeSchedule>;

export const NoticeListQuery = Type.Object({
  status: Type.Optional(NoticeStatus),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});
export type NoticeListQuery = Static<typeof NoticeListQuery>;

const StateCounts = Type.Object({ pending: Type.Integer(), sending: Type.Integer(), sent: Type.Integer(), failed: Type.Integer() });

/** A notice's deliveries; `byStatus` always adds up to `audience` once planning finished. */
export const NoticeStats = Type.Object({
  noticeId: Type.Integer(),
  status: NoticeStatus,
  audience: Type.Integer({ description: 'Recipients snapshotted when sending started (rows planned so far while planning)' }),
  byStatus: StateCounts,
  byChannel: Type.Record(Type.String(), StateCounts),
  failures: Type.Record(Type.String(), Type.Integer(), { description: 'Failed deliveries by reason: gone · window · permanent · exhausted' }),
  receipts: Type.Object({
    delivered: Type.Integer({ description: 'Sent deliveries the phone confirmed (delivered or read)' }),
    read: Type.Integer({ description: 'Sent deliveries read' }),
  }, { description: 'Channel receipts (WhatsApp status callbacks); channels without receipts (Telegram) leave both at 0' }),
  waiting: Type.Record(Type.String(), Type.Integer(), { description: 'Pending deliveries held back, by reason (daily recipient budget, rate limit, a transient error before its retry)' }),
});
export type NoticeStats = Static<typeof NoticeStats>;

export const NoticeSendReply = Type.Object({
  audience: Type.Integer({ description: 'Identities subscribed to the category now: the snapshot being copied into the outbox' }),
  notice: Notice,
});
export type NoticeSendReply = Static<typeof NoticeSendReply>;

/** The progress stream, documented as what it carries. */
export const NoticeProgressStream = Type.String({
  description: 'Server-sent events: `event: progress` with NoticeStats JSON on every delivery batch and at least every second while sending; `event: done` with the final NoticeStats, then the stream ends.',
});
