import { Type, type Static } from '@sinclair/typebox';
import { DateTime } from './common.js';
import { NoticeStatus } from './notices.js';

/** Days shown in `noticesSent`. */
export const STATS_DAYS = 30;

/** One recent notice and what happened to it. */
export const NoticeOutcome = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  status: NoticeStatus,
  categoryId: Type.Integer(),
  sentAt: Type.Union([DateTime, Type.Null()]),
  scheduledAt: Type.Union([DateTime, Type.Null()]),
  updatedAt: DateTime,
  audience: Type.Integer(),
  sent: Type.Integer(),
  failed: Type.Integer(),
  pending: Type.Integer({ description: 'Still pending or being sent' }),
});
export type NoticeOutcome = Static<typeof NoticeOutcome>;

/**
 * A comune's statistics: people, identities per channel, subscribers per category, notices sent per
 * day and, for users who may read notices, the latest notices with their outcome.
 */
export const TenantStats = Type.Object({
  people: Type.Integer(),
  identities: Type.Array(Type.Object({ channel: Type.String(), active: Type.Integer(), inactive: Type.Integer() })),
  subscribers: Type.Array(Type.Object({ category: Type.String(), count: Type.Integer() })),
  noticesSent: Type.Array(Type.Object({
    day: Type.String({ description: 'YYYY-MM-DD in the comune\'s timezone' }),
    count: Type.Integer(),
  }), { description: `Notices that started sending, per day, the last ${STATS_DAYS} days (oldest first, every day listed)` }),
  recentNotices: Type.Optional(Type.Array(NoticeOutcome, { description: 'The 5 latest notices (not drafts) with their outcome; only with the notices.read permission' })),
});
export type TenantStats = Static<typeof TenantStats>;
